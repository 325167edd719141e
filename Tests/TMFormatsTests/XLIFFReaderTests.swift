import Foundation
import Testing
import TMFormats
import TMMemory
import TMText

/// Reads every segment with a target (these files carry no states); `XLIFFStateTests` checks the states.
private func readXLIFF(_ xml: String, anyState: Bool = true) throws -> CollectingSink {
    let sink = CollectingSink()
    try XLIFFReader(anyState: anyState).read(path: try temporaryFile(xml, ext: "xlf"), into: sink)
    return sink
}

@Suite("XLIFF reader")
struct XLIFFReaderTests {
    @Test func xliff12EnglishToChineseWithInlineCodes() throws {
        let sink = try readXLIFF("""
        <xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
        <file original="news.html" source-language="en-US" target-language="zh-CN" datatype="html"><body>
          <trans-unit id="t1"><source>Shares <g id="1">rose</g><x id="2"/> sharply.</source><target>股价<g id="1">大幅</g><x id="2"/>上涨。</target>
            <alt-trans><source>Shares fell.</source><target>股价下跌。</target></alt-trans></trans-unit>
          <trans-unit id="t2"><source>Not yet.</source></trans-unit>
          <trans-unit id="t3" translate="no"><source>CODE</source><target>CODE</target></trans-unit>
        </body></file></xliff>
        """)
        #expect(sink.units.map(\.en) == ["Shares ⟦1⟧rose⟦/1⟧⟦2⟧ sharply."])
        #expect(sink.units.map(\.zh) == ["股价⟦1⟧大幅⟦/1⟧⟦2⟧上涨。"])
        #expect(sink.units[0].provenance["id"] == "t1")
        #expect(sink.units[0].origin == .xliff)
        #expect(sink.skipped["untranslated (no target)"] == 1)
        #expect(sink.skipped["marked translate=\"no\""] == 1)
    }

    @Test func chineseSourceIsSwapped() throws {
        let sink = try readXLIFF("""
        <xliff version="1.2"><file source-language="zh-Hans" target-language="en"><body>
        <trans-unit id="1"><source>人工智能</source><target>Artificial intelligence</target></trans-unit>
        </body></file></xliff>
        """)
        #expect(sink.units.first?.en == "Artificial intelligence")
        #expect(sink.units.first?.zh == "人工智能")
    }

    @Test func otherLanguagesAreSkippedWithTheReason() throws {
        let sink = try readXLIFF("""
        <xliff version="1.2"><file source-language="en" target-language="ja"><body>
        <trans-unit id="1"><source>Hello</source><target>こんにちは</target></trans-unit>
        </body></file></xliff>
        """)
        #expect(sink.units.isEmpty)
        #expect(sink.skipped == ["languages en → ja are not English–Chinese": 1])
    }

    @Test func trados12SegmentsWithTrackedChanges() throws {
        let sink = try readXLIFF("""
        <xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" version="1.2"><file source-language="en-US" target-language="zh-TW"><body>
        <trans-unit id="u1"><source>First. Second.</source>
          <seg-source><mrk mtype="seg" mid="1">First.</mrk> <mrk mtype="seg" mid="2">Second.</mrk></seg-source>
          <target><mrk mtype="seg" mid="1">第一<mrk mtype="x-sdl-deleted">個</mrk><mrk mtype="x-sdl-added">项</mrk>。</mrk> <mrk mtype="seg" mid="2">第二。</mrk></target>
        </trans-unit></body></file></xliff>
        """)
        #expect(sink.units.map(\.en) == ["First.", "Second."])
        #expect(sink.units.map(\.zh) == ["第一项。", "第二。"])
        #expect(sink.units.map { $0.provenance["mid"] } == ["1", "2"])
    }

    @Test func tradosConfirmationLevelsDecideWhatIsATranslation() throws {
        let sink = try readXLIFF("""
        <xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" version="1.2"><file source-language="en-US" target-language="zh-CN"><body>
        <trans-unit id="u1"><source>Done. Draft. Signed.</source>
          <seg-source><mrk mtype="seg" mid="1">Done.</mrk> <mrk mtype="seg" mid="2">Draft.</mrk> <mrk mtype="seg" mid="3">Signed.</mrk></seg-source>
          <target><mrk mtype="seg" mid="1">完成。</mrk> <mrk mtype="seg" mid="2">草稿。</mrk> <mrk mtype="seg" mid="3">已签。</mrk></target>
          <sdl:seg-defs><sdl:seg id="1" conf="Translated"/><sdl:seg id="2" conf="Draft"/><sdl:seg id="3" conf="ApprovedSignOff"/></sdl:seg-defs>
        </trans-unit></body></file></xliff>
        """, anyState: false)
        #expect(sink.units.map(\.en) == ["Done.", "Signed."])
        #expect(sink.skipped.keys.contains { $0.contains("Draft") })
    }

    @Test func xliff2UnitsAndSegments() throws {
        let sink = try readXLIFF("""
        <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="zh-CN">
        <file id="f1"><unit id="u1">
          <segment><source>Cloud <pc id="1">spending</pc> rose.</source><target>云<pc id="1">支出</pc>增加。</target></segment>
          <segment><source>Chips <ph id="2"/> sold out.</source><target>芯片<ph id="2"/>售罄。</target></segment>
        </unit></file></xliff>
        """)
        #expect(sink.units.map(\.en) == ["Cloud ⟦1⟧spending⟦/1⟧ rose.", "Chips ⟦1⟧ sold out."])  // numbered per segment
        #expect(sink.units.map(\.zh) == ["云⟦1⟧支出⟦/1⟧增加。", "芯片⟦1⟧售罄。"])
    }

    @Test func malformedXLIFF() throws {
        let path = try temporaryFile("<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"zh\"><body>\n<trans-unit><source>x</target>", ext: "xlf")
        let error = try #require(throws: TextInputError.self) { try XLIFFReader().read(path: path, into: CollectingSink()) }
        #expect(error.line == 2)
    }
}
