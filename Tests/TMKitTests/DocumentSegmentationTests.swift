import Foundation
import Testing
import TMKit
import TMText

private func temporaryFile(_ text: String, ext: String) throws -> String {
    let path = NSTemporaryDirectory() + "tmkit-kit-\(UUID().uuidString).\(ext)"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

@Suite("Segmenting files")
struct DocumentSegmentationTests {
    @Test func markdownFileSegmentsWithSourceOffsets() throws {
        let text = "# 云计算\n\n亚马逊宣布追加投资。**这是**双方合作的深化！\n\nThe deal closed. Shares rose.\n"
        let path = try temporaryFile(text, ext: "md")
        var segments: [Segment] = []
        try DocumentSegmentation().forEachSegment(inFile: path) { segments.append($0) }
        #expect(segments.map(\.text) == ["云计算", "亚马逊宣布追加投资。", "这是双方合作的深化！", "The deal closed.", "Shares rose."])
        #expect(segments.map(\.lang) == [.zh, .zh, .zh, .en, .en])
        #expect(segments.map(\.block) == [0, 1, 1, 2, 2])
        let bytes = Array(text.utf8)
        // Offsets point at the sentence's first and last characters in the source.
        #expect(String(decoding: bytes[segments[2].start..<segments[2].end], as: UTF8.self) == "这是**双方合作的深化！")
    }

    @Test func languageOverride() throws {
        let segments = try DocumentSegmentation(language: .zh).segments(inText: "Plain English here.")
        #expect(segments.map(\.lang) == [.zh])
    }

    @Test func htmlFileDropsScripts() throws {
        let path = try temporaryFile("<p>Safe text.</p><script>alert('x')</script><p>More.</p>", ext: "html")
        var texts: [String] = []
        try DocumentSegmentation().forEachSegment(inFile: path) { texts.append($0.text) }
        #expect(texts == ["Safe text.", "More."])
    }

    @Test func jsonCarriesTheDocumentedFields() throws {
        let segment = try #require(try DocumentSegmentation().segments(inText: "Hello there.").first)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(segment)) as? [String: Any]
        #expect(json?["text"] as? String == "Hello there.")
        #expect(json?["start"] as? Int == 0)
        #expect(json?["end"] as? Int == 12)
        #expect(json?["block"] as? Int == 0)
        #expect(json?["lang"] as? String == "en")
    }
}

@Suite("Segmentation evaluation")
struct SegmentationEvaluationTests {
    @Test func countsPassesAndFailuresPerLanguage() throws {
        let cases = """
        {"id": "a", "lang": "en", "text": "One. Two.", "expected": ["One.", "Two."]}
        {"id": "b", "lang": "en", "text": "One. Two.", "expected": ["One. Two."]}
        {"id": "c", "lang": "zh", "text": "一。二。", "expected": ["一。", "二。"]}

        """
        let path = try temporaryFile(cases, ext: "jsonl")
        let result = try SegmentationEvaluation().run(try SegmentationEvaluation.loadCases(path: path))
        #expect(result.passed("en") == 1)
        #expect(result.failed("en") == 1)
        #expect(result.passed("zh") == 1)
        #expect(result.failed("zh") == 0)
        #expect(result.failures.map(\.id) == ["b"])
    }

    @Test func badCaseLineNamesTheLine() throws {
        let path = try temporaryFile("{\"id\": \"a\", \"lang\": \"en\", \"text\": \"x\", \"expected\": []}\n{not json}\n", ext: "jsonl")
        let error = try #require(throws: TextInputError.self) { try SegmentationEvaluation.loadCases(path: path) }
        #expect(error.line == 2)
    }
}
