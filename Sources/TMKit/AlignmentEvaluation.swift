import Foundation
import TMAlign
import TMText

/// Scores the aligner on a folder of gold documents: `NNN.zh` and `NNN.en`
/// (one sentence a line) and `NNN.align` (links `[zh indices]:[en indices]`,
/// 0-based, Chinese first).
public struct AlignmentEvaluation {
    public var aligner: DocumentAligner

    public init(aligner: DocumentAligner) { self.aligner = aligner }

    public init(aligner: SentenceAligner) { self.aligner = DocumentAligner(aligner: aligner, embedder: nil) }

    public struct Result: Sendable {
        public var documents: Int
        public var strict: (p: Double, r: Double, f1: Double)
        public var lax: (p: Double, r: Double, f1: Double)
    }

    /// One gold document: its sentences and links.
    public struct Document: Sendable {
        public var name: String
        public var en: [String]
        public var zh: [String]
        public var gold: [AlignmentScore.Link]
    }

    public static func documents(folder: String) throws -> [Document] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".align") }.sorted()
        return try names.map { name in
            let stem = (folder as NSString).appendingPathComponent(String(name.dropLast(6)))
            return Document(name: String(name.dropLast(6)), en: try lines(stem + ".en"), zh: try lines(stem + ".zh"),
                            gold: try links((folder as NSString).appendingPathComponent(name)))
        }
    }

    public func run(folder: String) throws -> Result {
        try run(AlignmentEvaluation.documents(folder: folder))
    }

    public func run(_ documents: [Document]) throws -> Result {
        var score = AlignmentScore()
        for document in documents {
            let test = try aligner.align(en: document.en, zh: document.zh).map { (zh: $0.zh, en: $0.en) }
            score.add(gold: document.gold, test: test)
        }
        return Result(documents: documents.count, strict: score.strict, lax: score.lax)
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
