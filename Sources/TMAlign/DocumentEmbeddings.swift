import Foundation

/// The embeddings of one document pair, computed once per run: every
/// sentence, and every span of up to five consecutive sentences, on both
/// sides. A span not embedded as one text is the sum of its sentences'
/// embeddings weighted by their lengths (a long sentence carries more of the
/// span's meaning than a short one), normalized.
public struct DocumentEmbeddings: Sendable {
    public enum Spans: String, Sendable, CaseIterable {
        /// Spans of two and three sentences embedded as one text (six times
        /// the embedding work of the sentences alone).
        case embedded
        /// Spans of two embedded as one text, longer ones extended by sums
        /// (three times the work).
        case pairs
        /// Every span the length-weighted sum of its sentences' embeddings:
        /// only the sentences are embedded. With the span margin this is
        /// the most accurate choice on the literary gold documents as well
        /// as the fastest (figures in the README).
        case summed
        /// Sums first; then spans of two and three sentences embedded as one
        /// text only around the links a first alignment found uncertain or
        /// not one-to-one, and the alignment run again.
        case guided

        /// The longest span embedded as one text.
        public var longestEmbedded: Int {
            switch self {
            case .embedded: 3
            case .pairs: 2
            case .summed, .guided: 1
            }
        }
    }

    /// The longest span a link may have on one side: four or five English
    /// sentences rendered as one Chinese sentence are common in free translation.
    public static let longestLink = 5
    /// [span length - 1][first sentence] → unit vector.
    var en: [[[Float]]]
    var zh: [[[Float]]]
    /// Each sentence's weight in the sums: its length in characters.
    let enWeights: [Float]
    let zhWeights: [Float]
    public let spans: Spans
    /// Seconds spent embedding.
    public private(set) var seconds: Double
    /// Texts embedded (sentences and spans).
    public private(set) var texts: Int

    /// Embeds `en` and `zh` (each sentence and span once, in one batched call).
    public init(en: [String], zh: [String], embedder: any SentenceEmbedder, spans: Spans) throws {
        let started = Date()
        let longest = spans.longestEmbedded
        var texts = en + zh
        for length in stride(from: 2, through: longest, by: 1) {
            for (side, separator) in [(en, " "), (zh, "")] where side.count >= length {
                for start in 0...(side.count - length) { texts.append(side[start..<(start + length)].joined(separator: separator)) }
            }
        }
        let vectors = try embedder.embed(texts)
        // Read back in the order they were asked for: sentences, then each span length English then Chinese.
        var next = en.count + zh.count
        var enTable = [Array(vectors[0..<en.count])], zhTable = [Array(vectors[en.count..<next])]
        for length in stride(from: 2, through: longest, by: 1) {
            let enSpans = max(0, en.count - length + 1), zhSpans = max(0, zh.count - length + 1)
            enTable.append(Array(vectors[next..<(next + enSpans)])); next += enSpans
            zhTable.append(Array(vectors[next..<(next + zhSpans)])); next += zhSpans
        }
        enWeights = DocumentEmbeddings.weights(en)
        zhWeights = DocumentEmbeddings.weights(zh)
        self.en = DocumentEmbeddings.extended(enTable, weights: enWeights)
        self.zh = DocumentEmbeddings.extended(zhTable, weights: zhWeights)
        self.spans = spans
        self.texts = texts.count
        self.seconds = Date().timeIntervalSince(started)
    }

    static func weights(_ sentences: [String]) -> [Float] {
        sentences.map { Float(max(1, LengthModel.characters($0))) }
    }

    /// These embeddings with the spans of two and three sentences around
    /// the uncertain `links` embedded as one text (the others stay sums). A
    /// link is certain when it is one-to-one and its two sentences are each
    /// other's nearest neighbours among the five sentences on either side.
    public func refined(en: [String], zh: [String], around links: [AlignmentLink], embedder: any SentenceEmbedder) throws -> DocumentEmbeddings {
        let started = Date()
        var enStarts = Set<Int>(), zhStarts = Set<Int>()
        for link in links where !isCertain(link) {
            if let first = link.en.first, let last = link.en.last { enStarts.formUnion(max(0, first - 2)...(last + 2)) }
            if let first = link.zh.first, let last = link.zh.last { zhStarts.formUnion(max(0, first - 2)...(last + 2)) }
        }
        var requests: [(english: Bool, length: Int, start: Int)] = []
        for length in 2...3 {
            requests += enStarts.sorted().filter { $0 + length <= en.count }.map { (true, length, $0) }
            requests += zhStarts.sorted().filter { $0 + length <= zh.count }.map { (false, length, $0) }
        }
        let vectors = try embedder.embed(requests.map { r in
            r.english ? en[r.start..<(r.start + r.length)].joined(separator: " ") : zh[r.start..<(r.start + r.length)].joined()
        })
        var copy = self
        var enTable = Array(self.en[0..<3]), zhTable = Array(self.zh[0..<3])
        for (r, v) in zip(requests, vectors) {
            if r.english { enTable[r.length - 1][r.start] = v } else { zhTable[r.length - 1][r.start] = v }
        }
        copy.en = DocumentEmbeddings.extended(enTable, weights: enWeights)
        copy.zh = DocumentEmbeddings.extended(zhTable, weights: zhWeights)
        copy.texts = texts + requests.count
        copy.seconds = seconds + Date().timeIntervalSince(started)
        return copy
    }

    private func isCertain(_ link: AlignmentLink) -> Bool {
        guard link.en.count == 1, link.zh.count == 1 else { return false }
        let i = link.en[0], j = link.zh[0], m = en[0].count, n = zh[0].count
        let here = DocumentEmbeddings.dot(en[0][i], zh[0][j])
        for k in max(0, j - 5)..<min(n, j + 6) where k != j && DocumentEmbeddings.dot(en[0][i], zh[0][k]) >= here { return false }
        for k in max(0, i - 5)..<min(m, i + 6) where k != i && DocumentEmbeddings.dot(en[0][k], zh[0][j]) >= here { return false }
        return true
    }

    /// Spans longer than those embedded: the longest embedded span starting
    /// there plus the sentences after it, each weighted by its length, normalized.
    static func extended(_ table: [[[Float]]], weights: [Float]) -> [[[Float]]] {
        var table = table
        let sentences = table[0], longest = table.count
        for length in (longest + 1)...longestLink {
            guard sentences.count >= length else { table.append([]); continue }
            table.append((0...(sentences.count - length)).map { start in
                let head = weights[start..<(start + longest)].reduce(0, +)
                var sum = table[longest - 1][start].map { $0 * head }
                for k in (start + longest)..<(start + length) {
                    for d in sum.indices { sum[d] += weights[k] * sentences[k][d] }
                }
                return normalized(sum)
            })
        }
        return table
    }

    static func normalized(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }

    @inline(__always)
    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Float = 0
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                for k in 0..<min(x.count, y.count) { sum += x[k] * y[k] }
            }
        }
        return sum
    }

    /// Cosine of the English span `e` and the Chinese span `z` (1–5 sentences each).
    func similarity(_ e: Range<Int>, _ z: Range<Int>) -> Float {
        DocumentEmbeddings.dot(en[e.count - 1][e.lowerBound], zh[z.count - 1][z.lowerBound])
    }
}
