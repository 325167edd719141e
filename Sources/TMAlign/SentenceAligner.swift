import Foundation
import TMText

/// A link between English and Chinese sentences (indices into each side).
public struct AlignmentLink: Sendable, Equatable, Codable {
    public var en: [Int]
    public var zh: [Int]
    /// 0–1: how sure the aligner is of this link.
    public var confidence: Double

    public init(en: [Int], zh: [Int], confidence: Double) {
        self.en = en
        self.zh = zh
        self.confidence = confidence
    }
}

/// Gale–Church's length model for English characters against Chinese
/// characters: the English length of a translation is about `ratio` times
/// the Chinese one, with a variance growing with the length.
public struct LengthModel: Sendable {
    public var ratio: Double
    public var variance: Double

    /// Fitted on this project's example pairs when nothing better is given.
    public static let standard = LengthModel(ratio: 3.1, variance: 6.0)

    /// Fits the ratio and variance on sentence pairs.
    public static func fit(_ pairs: [(en: String, zh: String)]) -> LengthModel {
        var totalE = 0.0, totalZ = 0.0
        let lengths = pairs.map { (Double(characters($0.en)), Double(characters($0.zh))) }.filter { $0.0 > 0 && $0.1 > 0 }
        guard lengths.count > 10 else { return .standard }
        for (e, z) in lengths { totalE += e; totalZ += z }
        let ratio = totalE / totalZ
        var sum = 0.0
        for (e, z) in lengths { let d = e - ratio * z; sum += d * d / z }
        return LengthModel(ratio: ratio, variance: max(1, sum / Double(lengths.count)))
    }

    /// Characters that carry length: letters, digits and Han characters.
    static func characters(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + ($1.properties.isAlphabetic || $1.properties.numericType != nil ? 1 : 0) }
    }

    /// −log of the probability that an English text of `e` characters translates `z` Chinese ones.
    func cost(e: Int, z: Int) -> Double {
        let zz = Double(max(z, 1))
        let delta = (Double(e) - ratio * zz) / (variance * zz).squareRoot()
        let p = max(1e-12, 2 * (1 - normalCDF(abs(delta))))
        return -log(p)
    }

    private func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}

/// Aligns the sentences of an English text with those of its Chinese
/// translation by dynamic programming over links of 1–1, 1–2, 2–1, 2–2,
/// 1–3, 3–1, 1–0 and 0–1 sentences, within a band around the diagonal.
/// A link's cost adds the length model and a reward for lexical anchors:
/// words the lexicon pairs, equal numbers, Latin-script names and acronyms
/// found on both sides, matching question marks. Given a document's
/// embeddings, the meaning of a link (`SemanticScore`) leads instead, the
/// lexicon and length adding to it, and freer links are allowed.
public struct SentenceAligner: Sendable {
    public var lexicon: BilingualLexicon
    public var length: LengthModel
    /// Weight of the lexical reward against the length cost.
    public var lexicalWeight = 18.0
    /// Cost of leaving a sentence unlinked.
    public var skipCost = 9.0
    /// Per document, the length variance is this factor times the document's
    /// English/Chinese character ratio (tuned on the literary gold documents).
    public var varianceFactor = 7.0
    /// With embeddings, a link scores its meaning (`SemanticScore`) scaled by
    /// how close its two lengths are, Bertalign's log2(1 + shorter/longer),
    /// plus the lexicon; the length model then only breaks near ties. Tuned
    /// on the literary gold documents; the cross-validated figure is in the README.
    public var semanticWeight = 100.0
    public var lexicalWeightWithSemantic = 8.0
    public var lengthWeightWithSemantic = 0.5
    /// How much each sentence's own fit inside its link counts (see `SemanticScore`).
    public var memberWeight = 1.0
    public var skipCostWithSemantic = 10.0

    public init(lexicon: BilingualLexicon = BilingualLexicon(), length: LengthModel = .standard) {
        self.lexicon = lexicon
        self.length = length
    }

    /// What the costs need of one sentence, computed once. Words are interned
    /// as small integers so that a link's score needs no allocation.
    struct Features {
        var characters: Int
        var words: [Int32]        // English content words, or, for Chinese, the English words its words may translate to
        var latin: [Int32]        // numbers and Latin-script words
        var question: Bool
    }

    final class Interner {
        var ids: [String: Int32] = [:]
        func id(_ s: String) -> Int32 {
            if let id = ids[s] { return id }
            let id = Int32(ids.count)
            ids[s] = id
            return id
        }
    }

    func features(en: String, _ interner: Interner) -> Features {
        let words = Set(EnglishWords.content(en)).map(interner.id)
        let latin = Set(Tokenizer.tokens(en).filter { $0.kind == .number || ($0.kind == .word && $0.text.first!.isUppercase) }
            .map { "#" + $0.text.lowercased() }).map(interner.id)
        return Features(characters: LengthModel.characters(en), words: words, latin: latin, question: en.contains("?"))
    }

    func features(zh: String, _ interner: Interner, _ breaker: ChineseWordBreaker?) -> Features {
        var translations = Set<String>()
        for w in ChineseWords.content(zh, using: breaker) {
            if let t = lexicon.english(for: w) {
                translations.formUnion(t)
            } else if w.count > 1 {
                for ch in w { if let t = lexicon.english(for: String(ch)) { translations.formUnion(t) } }
            }
        }
        let latin = Set(Tokenizer.tokens(zh).filter { $0.kind == .number || $0.kind == .word }.map { "#" + $0.text.lowercased() })
        return Features(characters: LengthModel.characters(zh), words: translations.map(interner.id), latin: latin.map(interner.id),
                        question: zh.contains("？") || zh.contains("?"))
    }

    /// Marks for counting distinct words of a link without allocating.
    struct Scratch {
        var seen: [UInt32]
        var counted: [UInt32]
        var stamp: UInt32 = 0
        init(size: Int) { seen = [UInt32](repeating: 0, count: size); counted = seen }
    }

    /// Lexical similarity of some English and some Chinese sentences, 0–1.
    func similarity(_ e: ArraySlice<Features>, _ z: ArraySlice<Features>, _ s: inout Scratch) -> Double {
        s.stamp &+= 1
        let stamp = s.stamp
        var english = 0, latin = 0, covered = 0, shared = 0
        for f in e {
            for w in f.words where s.seen[Int(w)] != stamp { s.seen[Int(w)] = stamp; english += 1 }
            for w in f.latin where s.seen[Int(w)] != stamp { s.seen[Int(w)] = stamp; latin += 1 }
        }
        for f in z {
            for w in f.words where s.seen[Int(w)] == stamp && s.counted[Int(w)] != stamp { s.counted[Int(w)] = stamp; covered += 1 }
            for w in f.latin where s.seen[Int(w)] == stamp && s.counted[Int(w)] != stamp { s.counted[Int(w)] = stamp; shared += 1 }
        }
        var score = Double(covered + 2 * shared) / Double(max(1, english + latin) + shared)
        if e.contains(where: \.question) == z.contains(where: \.question) { score += 0.02 }
        return min(1, score)
    }

    /// Aligns with the semantic scorer when `embeddings` (of these very
    /// sentences) are given, with the length model and lexicon alone when not.
    public func align(en: [String], zh: [String], embeddings: DocumentEmbeddings? = nil) -> [AlignmentLink] {
        let interner = Interner()
        let breaker = try? ChineseWordBreaker()
        let e = en.map { features(en: $0, interner) }, z = zh.map { features(zh: $0, interner, breaker) }
        var model = length
        // The texts translate each other, so their total lengths give this
        // document's ratio (free translations of literature run long).
        let totalE = e.reduce(0) { $0 + $1.characters }, totalZ = z.reduce(0) { $0 + $1.characters }
        if totalE > 0 && totalZ > 0 && min(e.count, z.count) >= 3 {
            model.ratio = Double(totalE) / Double(totalZ)
            model.variance = varianceFactor * model.ratio
        }
        var scratch = Scratch(size: interner.ids.count + 1)
        return align(e, z, model, embeddings, &scratch)
    }

    /// Embeds the sentences (and spans, as `spans` says) and aligns with
    /// the semantic scorer. With guided spans, a first alignment on sums
    /// says where spans are worth embedding as text, and a second one uses them.
    public func align(en: [String], zh: [String], embedder: any SentenceEmbedder,
                      spans: DocumentEmbeddings.Spans) throws -> (links: [AlignmentLink], embeddings: DocumentEmbeddings) {
        let embeddings = try DocumentEmbeddings(en: en, zh: zh, embedder: embedder, spans: spans)
        let links = align(en: en, zh: zh, embeddings: embeddings)
        guard spans == .guided else { return (links, embeddings) }
        let refined = try embeddings.refined(en: en, zh: zh, around: links, embedder: embedder)
        return (align(en: en, zh: zh, embeddings: refined), refined)
    }

    private static let moves: [(en: Int, zh: Int, prior: Double)] = [
        (1, 1, 0), (1, 2, 1.6), (2, 1, 1.6), (2, 2, 3.5), (1, 3, 3.5), (3, 1, 3.5), (1, 0, 0), (0, 1, 0),
    ]
    /// With embeddings, the freer links of literary and news translation too:
    /// four or five English sentences to one Chinese, two to three. (The
    /// priors serve the lexicon alone: the span margin already makes a wide
    /// link earn its place.)
    private static let semanticMoves: [(en: Int, zh: Int, prior: Double)] = moves + [
        (4, 1, 5), (5, 1, 6.5), (3, 2, 5), (2, 3, 5),
    ]

    private func align(_ e: [Features], _ z: [Features], _ model: LengthModel, _ semantic: DocumentEmbeddings?,
                       _ scratch: inout Scratch) -> [AlignmentLink] {
        let m = e.count, n = z.count
        let moves = semantic == nil ? SentenceAligner.moves : SentenceAligner.semanticMoves
        if m == 0 || n == 0 {
            return (0..<m).map { AlignmentLink(en: [$0], zh: [], confidence: 1) } + (0..<n).map { AlignmentLink(en: [], zh: [$0], confidence: 1) }
        }
        // Band around the diagonal, wide enough for the documents' drift.
        let band = max(15, max(m, n) / 20, abs(m - n) + 8)
        let meaning = semantic.map { SemanticScore($0, band: band, memberWeight: Float(memberWeight)) }
        let width = 2 * band + 1
        // Costs and back-pointers only inside the band: memory grows with m × band.
        var cost = [Double](repeating: .infinity, count: (m + 1) * width)
        var back = [Int8](repeating: -1, count: (m + 1) * width)
        func center(_ i: Int) -> Int { Int((Double(i) * Double(n) / Double(m)).rounded()) }
        func slot(_ i: Int, _ j: Int) -> Int? {
            let k = j - center(i) + band
            return k >= 0 && k < width ? i * width + k : nil
        }
        cost[slot(0, 0)!] = 0
        var eChars = [0], zChars = [0]
        for f in e { eChars.append(eChars.last! + f.characters) }
        for f in z { zChars.append(zChars.last! + f.characters) }
        /// The cost of linking these sentences (both sides non-empty).
        func linkCost(_ enRange: Range<Int>, _ zhRange: Range<Int>, prior: Double) -> Double {
            let eLength = eChars[enRange.upperBound] - eChars[enRange.lowerBound]
            let zLength = zChars[zhRange.upperBound] - zChars[zhRange.lowerBound]
            let lexical = similarity(e[enRange], z[zhRange], &scratch)
            guard let meaning else {
                return prior + model.cost(e: eLength, z: zLength) - lexicalWeight * lexical
            }
            let scaled = model.ratio * Double(zLength), english = Double(eLength)
            let lengthFit = log2(1 + min(english, scaled) / max(1, english, scaled))
            return lengthWeightWithSemantic * model.cost(e: eLength, z: zLength) - lexicalWeightWithSemantic * lexical
                - semanticWeight * Double(meaning.score(enRange, zhRange)) * lengthFit
        }
        let skip = semantic == nil ? skipCost : skipCostWithSemantic
        for i in 0...m {
            let c = center(i)
            for j in max(0, c - band)...min(n, c + band) where !(i == 0 && j == 0) {
                var best = Double.infinity, bestMove: Int8 = -1
                for (k, move) in moves.enumerated() where i >= move.en && j >= move.zh {
                    guard let p = slot(i - move.en, j - move.zh), cost[p] < .infinity else { continue }
                    let step = move.en == 0 || move.zh == 0 ? skip : linkCost((i - move.en)..<i, (j - move.zh)..<j, prior: move.prior)
                    if cost[p] + step < best { best = cost[p] + step; bestMove = Int8(k) }
                }
                let here = slot(i, j)!
                cost[here] = best
                back[here] = bestMove
            }
        }
        var links: [AlignmentLink] = []
        var i = m, j = n
        while i > 0 || j > 0 {
            guard let here = slot(i, j), back[here] >= 0 else { break }
            let move = moves[Int(back[here])]
            let enRange = (i - move.en)..<i, zhRange = (j - move.zh)..<j
            var confidence = 0.5
            if move.en > 0 && move.zh > 0 {
                let lexical = similarity(e[enRange], z[zhRange], &scratch)
                let fit = exp(-model.cost(e: eChars[i] - eChars[i - move.en], z: zChars[j] - zChars[j - move.zh]))
                if let meaning {
                    let meant = min(1, max(0, 0.5 + 4 * Double(meaning.score(enRange, zhRange))))
                    confidence = min(1, 0.5 * meant + 0.25 * min(1, lexical * 3) + 0.25 * fit)
                } else {
                    confidence = min(1, 0.5 * min(1, lexical * 3) + 0.5 * fit)
                }
            }
            links.append(AlignmentLink(en: Array(enRange), zh: Array(zhRange), confidence: confidence))
            i -= move.en
            j -= move.zh
        }
        return links.reversed()
    }
}

