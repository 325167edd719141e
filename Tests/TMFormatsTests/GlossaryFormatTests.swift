import Foundation
import Testing
import TMFormats
import TMGlossary
import TMText

@Suite("Glossary files")
struct GlossaryFormatTests {
    @Test func tableWithOptionalColumnsLeftOut() throws {
        let entries = try GlossaryTable.read(text: "en\tzh\tstatus\tpos\tnote\nchip\t芯片\nGPU\t显卡\tforbidden\tnoun\tconsumer sense\n",
                                             name: "g.tsv", delimiter: UInt8(ascii: "\t"), source: "g")
        #expect(entries.map(\.zh) == ["芯片", "显卡"])
        #expect(entries.map(\.status) == [.preferred, .forbidden])
        #expect(entries[1].note == "consumer sense")
    }

    @Test func emptyTermIsRefusedWithItsPlace() throws {
        let error = try #require(throws: TextInputError.self) {
            try GlossaryTable.read(text: "en,zh\nchip,芯片\n,云\n", name: "g.csv", delimiter: UInt8(ascii: ","), source: "g")
        }
        #expect(error.line == 3)
        #expect(error.column == 1)
        #expect(error.message.contains("English term is empty"))
    }

    @Test func unknownStatusIsRefused() throws {
        let error = try #require(throws: TextInputError.self) {
            try GlossaryTable.read(text: "en\tzh\tstatus\nchip\t芯片\tmaybe\n", name: "g.tsv", delimiter: UInt8(ascii: "\t"), source: "g")
        }
        #expect(error.line == 2)
        #expect(error.message.contains("maybe"))
    }

    @Test func tbxBasicAndTBX3ReadTheSameConcepts() throws {
        let basic = """
        <?xml version="1.0"?>
        <martif type="TBX-Basic" xml:lang="en"><text><body>
          <termEntry id="1">
            <langSet xml:lang="en"><tig><term>regulator</term><termNote type="partOfSpeech">noun</termNote></tig></langSet>
            <langSet xml:lang="zh-CN">
              <tig><term>监管机构</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
              <tig><term>监管者</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
            </langSet>
          </termEntry>
        </body></text></martif>
        """
        let v3 = """
        <?xml version="1.0"?>
        <tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
          <conceptEntry id="1">
            <langSec xml:lang="en"><termSec><term>regulator</term><termNote type="partOfSpeech">noun</termNote></termSec></langSec>
            <langSec xml:lang="zh"><termSec><term>监管机构</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
              <termSec><term>监管者</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec></langSec>
          </conceptEntry>
        </body></text></tbx>
        """
        for xml in [basic, v3] {
            let entries = try TBX.read(data: Data(xml.utf8), name: "g.tbx", source: "g")
            #expect(entries.map(\.zh) == ["监管机构", "监管者"])
            #expect(entries.map(\.status) == [.preferred, .forbidden])
            #expect(entries.allSatisfy { $0.en == "regulator" && $0.pos == "noun" })
        }
    }

    @Test func tbxRoundTrip() throws {
        let entries = [
            GlossaryEntry(en: "R&D", zh: "研发", status: .preferred, pos: "noun", note: "research <and> development"),
            GlossaryEntry(en: "R&D", zh: "研究与开发", status: .admitted),
            GlossaryEntry(en: "cloud computing", zh: "云端运算", status: .forbidden),
        ]
        let back = try TBX.read(data: Data(TBX.write(entries).utf8), name: "x.tbx", source: "")
        #expect(back.map(\.zh) == entries.map(\.zh))
        #expect(back.map(\.status) == entries.map(\.status))
        #expect(back[0].note == "research <and> development")
    }

    @Test func malformedTBXNamesLineAndColumn() throws {
        let error = try #require(throws: TextInputError.self) {
            try TBX.read(data: Data("<martif><text><body>\n<termEntry><langSet xml:lang=\"en\"><tig><term>x</tig>".utf8), name: "bad.tbx", source: "")
        }
        #expect(error.line == 2)
        #expect(error.file == "bad.tbx")
    }

    @Test func emptyTermInTBXIsRefused() throws {
        let error = try #require(throws: TextInputError.self) {
            try TBX.read(data: Data("<martif><text><body><termEntry><langSet xml:lang=\"en\"><tig><term> </term></tig></langSet></termEntry></body></text></martif>".utf8),
                         name: "e.tbx", source: "")
        }
        #expect(error.message.contains("empty"))
    }
}
