import Foundation
import Testing
import TMGlossary
import TMKit
import TMMemory
import TMSQLite

@Suite("Coverage analysis")
struct CoverageTests {
    private func memory() throws -> SQLiteMemory {
        let store = try SQLiteMemory()
        _ = try store.importUnits(from: ImportSource(fileName: "earlier.tsv", format: "tsv", sha256: "earlier")) { sink in
            let pairs = [
                ("Cloud spending rose again in the second quarter.", "第二季度云支出再次增长。"),
                ("The regulator opened an investigation into the deal.", "监管机构对这笔交易展开调查。"),
                ("Both companies declined to comment.", "两家公司均拒绝置评。"),
                ("Shares fell 3% in early trading on Tuesday.", "周二早盘股价下跌3%。"),
            ]
            for (k, p) in pairs.enumerated() { try sink.add(TranslationUnit(en: p.0, zh: p.1, origin: .tsv, position: k)) }
        }
        return store
    }

    private func article(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "tmkit-coverage-\(UUID().uuidString).txt"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func bandsContextRepetitionsAndWords() throws {
        let text = """
        Cloud spending rose again in the second quarter. The regulator opened an investigation into the deal. Both companies declined to comment.

        Shares fell 3% in early trading on Tuesday.

        Shares fell 4% in early trading on Tuesday.

        Analysts expect a record year for chip makers.

        Both companies declined to comment.
        """
        let recognizer = TermRecognizer(entries: [GlossaryEntry(en: "regulator", zh: "监管机构"), GlossaryEntry(en: "chip", zh: "芯片")])
        let (files, total) = try CoverageAnalysis(memory: try memory(), recognizer: recognizer).analyse(files: [try article(text)])
        let report = try #require(files.first)
        let bands = report.segments.map(\.band)
        // The first three sit between the same neighbours as in the stored document
        // (the first has none before it there either); the fourth is followed by something new.
        #expect(bands == [.context, .context, .context, .exact, .repaired, .new, .repetitions])
        // One token of eight differs (87), and it is the figure: repaired, 99.
        #expect(report.segments[4].score == 99)
        #expect(report.segments[4].translation == "周二早盘股价下跌3%。")
        #expect(report.segments[4].repaired?.text == "周二早盘股价下跌4%。")
        #expect(report.bands[.repetitions]?.words == 5)
        #expect(report.bands[.new]?.words == 8)
        #expect(report.totalWords == 8 + 8 + 5 + 8 + 8 + 8 + 5)
        #expect(report.distinctTerms == 2)
        #expect(report.termOccurrences == 2)
        #expect(total.totalWords == report.totalWords)
        #expect(abs(report.coveredShare - Double(8 + 8 + 5 + 8 + 8) / Double(report.totalWords)) < 1e-9)
        // The HTML report labels the repaired segment and marks the replaced value.
        let html = CoverageHTML.page(files, total: total)
        #expect(html.contains("repaired 99%"))
        #expect(html.contains("周二早盘股价下跌<mark>4%</mark>。"))
    }

    @Test func htmlReportEscapesArticleText() throws {
        let text = "The regulator <script>alert('x')</script> opened an investigation into the deal.\n"
        let recognizer = TermRecognizer(entries: [GlossaryEntry(en: "regulator", zh: "监管机构")])
        let (files, total) = try CoverageAnalysis(memory: try memory(), recognizer: recognizer).analyse(files: [try article(text)])
        let page = CoverageHTML.page(files, total: total)
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(page.contains("<mark title=\"regulator = 监管机构\">regulator</mark>"))
        #expect(page.contains("<svg"))
        // Nothing fetched: no address but the SVG namespace's name, no linked style, script or image.
        let withoutNamespace = page.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for fetching in ["http://", "https://", "//", "<link", "src=", "url(", "@import"] {
            #expect(!withoutNamespace.contains(fetching), "the page refers to something outside it: \(fetching)")
        }
        #expect(page.contains("监管机构对这笔交易展开调查。"))  // the best match's translation
    }

    @Test func bandOfScore() {
        #expect([100, 99, 95, 94, 85, 84, 75, 74, 50, 49].map { CoverageBand.of(score: $0) }
            == [.exact, .high, .high, .good, .good, .fair, .fair, .low, .low, .new])
    }
}
