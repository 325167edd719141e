import Foundation
import TMText

/// Scores the segmenter on a case file: one JSON object a line with `id`,
/// `lang` ("en" or "zh"), `text` and `expected` (the sentences). A case passes
/// when the sentences, each stripped of surrounding white space, equal
/// `expected` exactly. Each text is segmented as `tmkit segment` segments a
/// plain-text file, line breaks included.
public struct SegmentationEvaluation {
    public struct Case: Decodable, Sendable {
        public var id: String
        public var lang: String
        public var text: String
        public var expected: [String]
    }

    public struct Failure: Sendable {
        public var id: String
        public var lang: String
        public var expected: [String]
        public var actual: [String]
    }

    public struct Result: Sendable {
        /// Passed and failed counts per language code, in order of first appearance.
        public var counts: [(lang: String, passed: Int, failed: Int)] = []
        public var failures: [Failure] = []
        /// Cases whose text the segmenter splits without keeping its promise
        /// (see `SegmentationPromise`), with the reason.
        public var promiseBroken: [(id: String, reason: String)] = []
        public var promiseKept = 0

        public func passed(_ lang: String) -> Int { counts.first { $0.lang == lang }?.passed ?? 0 }
        public func failed(_ lang: String) -> Int { counts.first { $0.lang == lang }?.failed ?? 0 }

        mutating func record(_ lang: String, passed: Bool) {
            if let k = counts.firstIndex(where: { $0.lang == lang }) {
                if passed { counts[k].passed += 1 } else { counts[k].failed += 1 }
            } else {
                counts.append((lang, passed ? 1 : 0, passed ? 0 : 1))
            }
        }
    }

    public init() {}

    public static func loadCases(path: String) throws -> [Case] {
        try JSONLines.read(Case.self, path: path, expected: "a case object with id, lang, text and expected")
    }

    public func run(_ cases: [Case]) throws -> Result {
        var result = Result()
        let segmentation = DocumentSegmentation(format: .txt)
        let segmenter = try Segmenter()
        for c in cases {
            if let broken = SegmentationPromise.violation(text: c.text, ranges: segmenter.sentenceRanges(in: c.text)) {
                result.promiseBroken.append((c.id, broken))
            } else {
                result.promiseKept += 1
            }
            let actual = try segmentation.segments(inText: c.text).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
            let expected = c.expected.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let ok = actual == expected
            result.record(c.lang, passed: ok)
            if !ok { result.failures.append(Failure(id: c.id, lang: c.lang, expected: expected, actual: actual)) }
        }
        return result
    }
}
