import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TMFormats
import TMMemory
import TMText

/// Text a reader accepts must come out of every writer as well-formed XML:
/// markup characters escaped, and the control characters XML 1.0 forbids
/// (a vertical tab pasted into a spreadsheet cell) dropped.
@Suite struct WriterEscapingTests {
    /// A unit as the TSV reader hands it over, with a vertical tab, markup and quotes in its sides.
    private func unitFromTSV() throws -> ExportedUnit {
        let tsv = "en\tzh\nThe \"Q3\" <report> & Tom's\u{0B} note.\t第三季度\u{0B}报告 <草案> & “说明”。\n"
        let path = try temporaryFile(tsv, ext: "tsv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = CollectingSink()
        try UnitFormat.tsv.read(path: path, into: sink)
        let read = try #require(sink.units.first)
        #expect(read.en.contains("\u{0B}"))  // the reader keeps the text as it was
        let stored = StoredUnit(id: 7, en: read.en, zh: read.zh, origin: .tsv, document: "desk \"a\" <b>.tsv", importFile: "desk.tsv",
                                position: 0, confidence: nil, changedAt: Date(timeIntervalSince1970: 1_780_000_000))
        return ExportedUnit(unit: stored, createdAt: stored.changedAt, user: "o'brien & co", provenance: ["note": "<b>\u{0B}"])
    }

    /// The text of every element named `name`, as an XML parser reads the document; nil when it is not well-formed.
    private func texts(of name: String, in xml: String) -> [String]? {
        final class Collector: NSObject, XMLParserDelegate {
            let name: String
            var texts: [String] = []
            var current: String?
            init(name: String) { self.name = name }
            func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if element == name { current = "" }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
            func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
                if element == name, let text = current { texts.append(text); current = nil }
            }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector(name: name)
        parser.delegate = collector
        return parser.parse() ? collector.texts : nil
    }

    @Test func xliffWithAVerticalTabIsWellFormed() throws {
        let unit = try unitFromTSV()
        let xliff = BilingualWriters.xliffBegin(original: unit.unit.document!) + BilingualWriters.xliffUnit(unit) + BilingualWriters.xliffEnd
        #expect(!xliff.unicodeScalars.contains("\u{0B}"))
        let sources = try #require(texts(of: "source", in: xliff), "the XLIFF is not well-formed")
        #expect(sources == [unit.unit.en.replacingOccurrences(of: "\u{0B}", with: "")])
        #expect(texts(of: "target", in: xliff) == [unit.unit.zh.replacingOccurrences(of: "\u{0B}", with: "")])
    }

    @Test func tmxWithAVerticalTabIsWellFormed() throws {
        let unit = try unitFromTSV()
        var tmx = ""
        let writer = TMXWriter { tmx += $0 }
        try writer.begin()
        try writer.add(unit)
        try writer.end()
        let segments = try #require(texts(of: "seg", in: tmx), "the TMX is not well-formed")
        #expect(segments == [unit.unit.en, unit.unit.zh].map { $0.replacingOccurrences(of: "\u{0B}", with: "") })
        #expect(texts(of: "prop", in: tmx)?.contains("<b>") == true)
    }

    @Test func theEscaperCoversTextAndBothQuotes() {
        #expect(Markup.escape("a & b <c> \"d\" 'e'") == "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;")
        #expect(Markup.escape("tab\tline\ncr\r bell\u{07} nul\u{00} \u{FFFE}\u{FFFF}end") == "tab\tline\ncr\r bell nul end")
        #expect(Markup.escape("第三季度报告") == "第三季度报告")
        // U+FFFD and other characters from the same UTF-8 lead byte stay.
        #expect(Markup.escape("\u{FFFD}\u{FF21}") == "\u{FFFD}\u{FF21}")
    }
}
