import Foundation
import TMAlign
import TMText

/// Scores the aligner on a folder of gold documents: `NNN.zh` and `NNN.en`
/// (one sentence a line) and `NNN.align` (links `[zh indices]:[en indices]`,
/// 0-based, Chinese first).
public struct AlignmentEvaluation {
    public var aligner: SentenceAligner

    public init(aligner: SentenceAligner) { self.aligner = aligner }

    public struct Result: Sendable {
        public var documents: Int
        public var strict: (p: Double, r: Double, f1: Double)
        public var lax: (p: Double, r: Double, f1: Double)
    }

    public func run(folder: String) throws -> Result {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".align") }.sorted()
        var score = AlignmentScore()
        for name in names {
            let stem = (folder as NSString).appendingPathComponent(String(name.dropLast(6)))
            let zh = try AlignmentEvaluation.lines(stem + ".zh"), en = try AlignmentEvaluation.lines(stem + ".en")
            let gold = try AlignmentEvaluation.links((folder as NSString).appendingPathComponent(name))
            let test = aligner.align(en: en, zh: zh).map { (zh: $0.zh, en: $0.en) }
            score.add(gold: gold, test: test)
        }
        return Result(documents: names.count, strict: score.strict, lax: score.lax)
    }

    static func lines(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TextInputError(file: path, line: 0, column: 0, message: "cannot read the file")
        }
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\r")) }
    }

    /// Parses "[3]:[4,5]" lines.
    static func links(_ path: String) throws -> [AlignmentScore.Link] {
        try lines(path).enumerated().compactMap { (k, line) in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            let sides = trimmed.split(separator: ":", omittingEmptySubsequences: false)
            guard sides.count == 2 else {
                throw TextInputError(file: path, line: k + 1, column: 1, message: "expected a link like [3]:[4,5]")
            }
            func indices(_ s: Substring) -> [Int] {
                s.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            }
            return (zh: indices(sides[0]), en: indices(sides[1]))
        }
    }
}
