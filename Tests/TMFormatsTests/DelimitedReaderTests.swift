import Foundation
import Testing
import TMFormats
import TMMemory
import TMText

private func read(_ text: String, delimiter: Character = "\t") throws -> CollectingSink {
    let sink = CollectingSink()
    try DelimitedReader(delimiter: UInt8(ascii: delimiter.unicodeScalars.first!)).read(text: text, name: "pairs.tsv", into: sink)
    return sink
}

@Suite("TSV and CSV reader")
struct DelimitedReaderTests {
    @Test(arguments: ["en\tzh", "English\tChinese", "source\ttarget", "EN-US\tZH-CN", "英文\t中文"])
    func headerVariants(_ header: String) throws {
        let sink = try read("\(header)\nCloud\t云\n")
        #expect(sink.units.map(\.en) == ["Cloud"])
        #expect(sink.units.map(\.zh) == ["云"])
    }

    @Test func headerWithChineseFirstAndExtraColumns() throws {
        let sink = try read("zh\tnote\ten\r\n芯片\tchips desk\tChips\r\n")
        #expect(sink.units.map(\.en) == ["Chips"])
        #expect(sink.units.map(\.zh) == ["芯片"])
        #expect(sink.units[0].provenance["note"] == "chips desk")
    }

    @Test func noHeaderFindsTheChineseColumn() throws {
        #expect(try read("云计算\tCloud computing\n").units.map(\.en) == ["Cloud computing"])
        #expect(try read("Cloud computing\t云计算\n").units.map(\.zh) == ["云计算"])
    }

    @Test func quotedFieldsWithDelimitersQuotesAndLineBreaks() throws {
        let sink = try read("en,zh\n\"Hello, \"\"world\"\"\",\"你好，\n世界\"\nPlain,平常\n", delimiter: ",")
        #expect(sink.units.map(\.en) == ["Hello, \"world\"", "Plain"])
        #expect(sink.units.map(\.zh) == ["你好，\n世界", "平常"])
    }

    @Test func tsvTextStartingWithAQuoteIsText() throws {
        let sink = try read("en\tzh\n\"Hi,\" she said.\t“你好，”她说。\n\"Quoted\"\t\"引用\"\n")
        #expect(sink.units.map(\.en) == ["\"Hi,\" she said.", "Quoted"])
        #expect(sink.units.map(\.zh) == ["“你好，”她说。", "引用"])
    }

    @Test func aRowWithTheWrongFieldCountIsSkippedWithItsLineAndColumn() throws {
        let sink = try read("en\tzh\nA\t甲\nB\t乙\textra\n")
        #expect(sink.units.map(\.en) == ["A"])
        let error = try #require(sink.rejections.first)
        #expect(error.line == 3)
        #expect(error.column == 5)
        #expect(error.reason.contains("expected 2 fields"))
    }

    @Test func aRowWithAnEmptySideIsSkipped() throws {
        let sink = try read("en\tzh\nA\t\nB\t乙\n")
        #expect(sink.units.map(\.en) == ["B"])
        #expect(sink.rejections.first?.line == 2)
        #expect(sink.rejections.first?.reason.contains("Chinese") == true)
    }

    @Test("a side of only spaces is empty too, whichever side", arguments: [
        ("en\tzh\n \t\u{4E00}\n", "English", 1), ("en\tzh\nOne\t\u{3000} \n", "Chinese", 5), ("en\tzh\n\u{3000}\t\u{4E00}\n", "English", 1),
    ])
    func blankSideIsSkipped(_ text: String, side: String, column: Int) throws {
        let sink = try read(text)
        #expect(sink.units.isEmpty)
        let error = try #require(sink.rejections.first)
        #expect(error.line == 2)
        #expect(error.column == column)
        #expect(error.reason.contains("the \(side) side is empty"))
    }

    @Test func unclosedQuoteIsAnError() throws {
        let error = try #require(throws: TextInputError.self) { try read("en,zh\n\"open,开\n", delimiter: ",") }
        #expect(error.line == 2)
        #expect(error.message.contains("never closed"))
    }

    @Test func blankLinesAreIgnored() throws {
        #expect(try read("en\tzh\n\nA\t甲\n\n").units.count == 1)
    }
}
