import Foundation
import TMAlign
import TMText

/// Scores the aligner on a folder of gold documents: `NNN.zh` and `NNN.en`
/// (one sentence a line) and `NNN.align` (links `[zh indices]:[en indices]`,
/// 0-based, Chinese first).
public struct AlignmentEvaluation {
    public var aligner: DocumentAligner

    public init(aligner: DocumentAligner) { self.aligner = aligner }

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
        try runCalibrated(documents).result
    }

    /// What an import keeps at one confidence threshold: of the links with
    /// both sides (the only ones stored), those at or above it, how many of
    /// them are gold links exactly (precision), and how many gold links they
    /// find (recall).
    public struct Threshold: Sendable {
        public var minimum: Double
        public var kept: Int
        public var precision: Double
        public var recall: Double
    }

    /// The thresholds `calibration` reports.
    public static let thresholds: [Double] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95]

    /// Scores the documents, and the links an import would keep at each of `thresholds`.
    public func runCalibrated(_ documents: [Document], thresholds: [Double] = AlignmentEvaluation.thresholds) throws -> (result: Result, calibration: [Threshold]) {
        var score = AlignmentScore()
        var links: [(confidence: Double, correct: Bool)] = []
        var goldLinks = 0
        for document in documents {
            let aligned = try aligner.align(en: document.en, zh: document.zh)
            score.add(gold: document.gold, test: aligned.map { (zh: $0.zh, en: $0.en) })
            let gold = Set(document.gold.filter { !$0.zh.isEmpty && !$0.en.isEmpty }.map { "\($0.zh)|\($0.en)" })
            goldLinks += gold.count
            for link in aligned where !link.zh.isEmpty && !link.en.isEmpty {
                links.append((link.confidence, gold.contains("\(link.zh)|\(link.en)")))
            }
        }
        let calibration = thresholds.map { minimum in
            let kept = links.filter { $0.confidence >= minimum }
            let correct = kept.filter(\.correct).count
            return Threshold(minimum: minimum, kept: kept.count, precision: kept.isEmpty ? 1 : Double(correct) / Double(kept.count),
                             recall: goldLinks == 0 ? 0 : Double(correct) / Double(goldLinks))
        }
        return (score.result(documents.count), calibration)
    }

    static func score(_ documents: [Document], with aligner: DocumentAligner) throws -> AlignmentScore {
        var score = AlignmentScore()
        for document in documents {
            let test = try aligner.align(en: document.en, zh: document.zh).map { (zh: $0.zh, en: $0.en) }
            score.add(gold: document.gold, test: test)
        }
        return score
    }

    /// Two-fold cross-validation: the aligner's two main weights are chosen
    /// on one half of the documents and scored on the other, then the halves
    /// swap; the held-out links of both are scored together. A figure not
    /// tuned on the documents it reports.
    public func crossValidated(_ documents: [Document]) throws -> (result: Result, chosen: [String]) {
        let half = documents.count / 2
        let folds = [(Array(documents[..<half]), Array(documents[half...])), (Array(documents[half...]), Array(documents[..<half]))]
        var heldOut = AlignmentScore()
        var chosen: [String] = []
        let semantic = aligner.embedder != nil
        for (tuning, testing) in folds {
            var best: (f1: Double, aligner: SentenceAligner, label: String)?
            for (a, b) in semantic ? [(70.0, 4.0), (70, 8), (100, 4), (100, 8), (100, 12), (140, 8), (140, 12)]
                                   : [(12.0, 6.0), (12, 9), (18, 6), (18, 9), (18, 12), (24, 9), (24, 12)] {
                var variant = aligner.aligner
                if semantic { variant.semanticWeight = a; variant.lexicalWeightWithSemantic = b } else { variant.lexicalWeight = a; variant.skipCost = b }
                let f1 = try AlignmentEvaluation.score(tuning, with: aligner.sharingEmbedder(with: variant)).strict.f1
                if f1 > (best?.f1 ?? -1) {
                    best = (f1, variant, semantic ? "semantic weight \(Int(a)), lexical weight \(Int(b))" : "lexical weight \(Int(a)), skip cost \(Int(b))")
                }
            }
            heldOut.add(try AlignmentEvaluation.score(testing, with: aligner.sharingEmbedder(with: best!.aligner)))
            chosen.append("tuned on \(tuning.map(\.name).joined(separator: ",")): \(best!.label)")
        }
        return (heldOut.result(documents.count), chosen)
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

extension AlignmentScore {
    func result(_ documents: Int) -> AlignmentEvaluation.Result {
        AlignmentEvaluation.Result(documents: documents, strict: strict, lax: lax)
    }
}
