import Foundation
import Testing
import TMFormats
import TMMemory
import TMText

private func readTMX(_ xml: String) throws -> CollectingSink {
    let sink = CollectingSink()
    try TMXReader().read(path: try temporaryFile(xml, ext: "tmx"), into: sink)
    return sink
}

@Suite("TMX reader")
struct TMXReaderTests {
    @Test func multilingualUnitsGiveTheirEnglishChinesePair() throws {
        let sink = try readTMX("""
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4"><header srclang="*all*" adminlang="en" datatype="plaintext" segtype="sentence" o-tmf="x" creationtool="t" creationtoolversion="1"/>
        <body>
          <tu tuid="a1" creationdate="20250102T030405Z" creationid="lin">
            <note>checked by desk</note>
            <prop type="x-domain">tech</prop>
            <tuv xml:lang="fr-FR"><seg>Le nuage</seg></tuv>
            <tuv xml:lang="EN-us"><seg>The cloud grew.</seg></tuv>
            <tuv xml:lang="ZH-hant"><seg>雲端成長了。</seg></tuv>
          </tu>
          <tu><tuv lang="zh-CN"><seg>数据中心</seg></tuv><tuv lang="en-GB"><seg>Data centre</seg></tuv></tu>
          <tu><tuv xml:lang="de"><seg>Hallo</seg></tuv><tuv xml:lang="fr"><seg>Bonjour</seg></tuv></tu>
        </body></tmx>
        """)
        #expect(sink.units.map(\.en) == ["The cloud grew.", "Data centre"])
        #expect(sink.units.map(\.zh) == ["雲端成長了。", "数据中心"])
        #expect(sink.units[0].provenance["note"] == "checked by desk")
        #expect(sink.units[0].provenance["prop:x-domain"] == "tech")
        #expect(sink.units[0].provenance["tuid"] == "a1")
        #expect(sink.units[0].user == "lin")
        #expect(sink.units[0].createdAt == Date(timeIntervalSince1970: 1_735_787_045))
        #expect(sink.units.allSatisfy { $0.origin == .tmx })
        #expect(sink.skipped == ["no English–Chinese pair (languages: de, fr)": 1])
    }

    @Test func inlineCodesBecomePlaceholders() throws {
        let sink = try readTMX("""
        <tmx version="1.4b"><header srclang="en"/><body><tu>
        <tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Start<ept i="1">&lt;/b&gt;</ept> now<ph x="2">&lt;br/&gt;</ph> and <hi type="em">smile</hi><it pos="begin">&lt;i&gt;</it>!<ut>{x}</ut></seg></tuv>
        <tuv xml:lang="zh"><seg>现在按<bpt i="1">&lt;b&gt;</bpt>开始<ept i="1">&lt;/b&gt;</ept></seg></tuv>
        </tu></body></tmx>
        """)
        let unit = try #require(sink.units.first)
        #expect(unit.en == "Press ⟦1⟧Start⟦/1⟧ now⟦2⟧ and ⟦3⟧smile⟦/3⟧⟦4⟧!⟦5⟧")
        #expect(unit.zh == "现在按⟦1⟧开始⟦/1⟧")
        let codes = try #require(unit.provenance["inline:en"])
        #expect(codes.contains("<b>") && codes.contains("\"tag\":\"ph\"") && codes.contains("{x}"))
    }

    @Test func utf16WithAndWithoutByteOrderMark() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-16"?>
        <tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Chips</seg></tuv><tuv xml:lang="zh"><seg>芯片</seg></tuv></tu></body></tmx>
        """
        for bom in [true, false] {
            let sink = CollectingSink()
            try TMXReader().read(path: try temporaryFile(utf16LE(xml, bom: bom), ext: "tmx"), into: sink)
            #expect(sink.units.map(\.zh) == ["芯片"])
        }
        let sink = CollectingSink()
        try TMXReader().read(path: try temporaryFile(Data([0xEF, 0xBB, 0xBF]) + Data(xml.replacingOccurrences(of: "UTF-16", with: "UTF-8").utf8), ext: "tmx"), into: sink)
        #expect(sink.units.count == 1)
    }

    @Test func malformedXMLNamesLineAndColumn() throws {
        let path = try temporaryFile("<tmx version=\"1.4\"><header/>\n<body><tu><tuv xml:lang=\"en\"><seg>Open</tuv></tu></body></tmx>", ext: "tmx")
        let error = try #require(throws: TextInputError.self) { try TMXReader().read(path: path, into: CollectingSink()) }
        #expect(error.file == path)
        #expect(error.line == 2)
        #expect(error.column > 1)
        #expect(error.message.contains("XML"))
    }

    @Test func truncatedFileIsAnError() throws {
        let path = try temporaryFile("<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>Cut", ext: "tmx")
        #expect(throws: TextInputError.self) { try TMXReader().read(path: path, into: CollectingSink()) }
    }

    @Test func aUnitMissingOneSideIsSkippedWithItsLine() throws {
        let path = try temporaryFile("""
        <tmx version="1.4"><header srclang="en"/><body>
        <tu><tuv xml:lang="en"><seg>One</seg></tuv><tuv xml:lang="zh"><seg>一</seg></tuv></tu>
        <tu><tuv xml:lang="en"><seg>Two</seg></tuv></tu>
        </body></tmx>
        """, ext: "tmx")
        let sink = CollectingSink()
        try TMXReader().read(path: path, into: sink)
        #expect(sink.units.map(\.en) == ["One"])
        #expect(sink.rejections.map(\.line) == [3])
        #expect(sink.rejections.first?.reason == "no Chinese variant")
    }

    @Test func aVariantWithoutSegmentIsAnError() throws {
        let path = try temporaryFile("<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"></tuv></tu></body></tmx>", ext: "tmx")
        let error = try #require(throws: TextInputError.self) { try TMXReader().read(path: path, into: CollectingSink()) }
        #expect(error.message.contains("<seg>"))
    }

    @Test func notATMXFile() throws {
        let path = try temporaryFile("<html><body>hi</body></html>", ext: "tmx")
        #expect(throws: TextInputError.self) { try TMXReader().read(path: path, into: CollectingSink()) }
    }
}
