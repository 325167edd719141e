import Foundation

/// The embeddings of one document pair, computed once per run: every
/// sentence, and every span of two or three consecutive sentences, on both
/// sides. A span is either embedded as one text (closest to what it means,
/// three times the embedding work) or approximated by the normalized sum of
/// its sentences' embeddings (no extra work).
public struct DocumentEmbeddings: Sendable {
    public enum Spans: String, Sendable, CaseIterable {
        /// Each span embedded as one text.
        case embedded
        /// Each span the normalized sum of its sentences' embeddings.
        case summed
    }

    public static let longestSpan = 3
    /// [span length - 1][first sentence] → unit vector.
    var en: [[[Float]]]
    var zh: [[[Float]]]
    /// Per sentence, how close it typically is to the other side's sentences
    /// near it: the margin a true link must clear (Bertalign's and
    /// Vecalign's neighbourhood normalization).
    var enNeighbourhood: [Float] = []
    var zhNeighbourhood: [Float] = []
    public let spans: Spans
    /// Seconds spent embedding.
    public let seconds: Double
    public let texts: Int

    /// Embeds `en` and `zh` (each sentence once, batched).
    public init(en: [String], zh: [String], embedder: any SentenceEmbedder, spans: Spans) throws {
        let started = Date()
        var texts = en + zh
        if spans == .embedded {
            for length in 2...DocumentEmbeddings.longestSpan {
                for side in [(en, " "), (zh, "")] where side.0.count >= length {
                    for start in 0...(side.0.count - length) { texts.append(side.0[start..<(start + length)].joined(separator: side.1)) }
                }
            }
        }
        let vectors = try embedder.embed(texts)
        if spans == .embedded {
            // Spans were appended English then Chinese for each length: read them back in that order.
            var next = en.count + zh.count
            var enTable = [Array(vectors[0..<en.count])], zhTable = [Array(vectors[en.count..<next])]
            for length in 2...DocumentEmbeddings.longestSpan {
                let enSpans = max(0, en.count - length + 1), zhSpans = max(0, zh.count - length + 1)
                enTable.append(Array(vectors[next..<(next + enSpans)])); next += enSpans
                zhTable.append(Array(vectors[next..<(next + zhSpans)])); next += zhSpans
            }
            self.en = enTable
            self.zh = zhTable
        } else {
            self.en = DocumentEmbeddings.summedSpans(Array(vectors[0..<en.count]))
            self.zh = DocumentEmbeddings.summedSpans(Array(vectors[en.count..<(en.count + zh.count)]))
        }
        self.spans = spans
        self.texts = texts.count
        self.seconds = Date().timeIntervalSince(started)
        computeNeighbourhoods()
    }

    static func summedSpans(_ sentences: [[Float]]) -> [[[Float]]] {
        var table = [sentences]
        for length in 2...longestSpan {
            guard sentences.count >= length else { table.append([]); continue }
            table.append((0...(sentences.count - length)).map { start in
                var sum = sentences[start]
                for k in (start + 1)..<(start + length) {
                    for d in sum.indices { sum[d] += sentences[k][d] }
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

    /// Cosine of the English span `e` and the Chinese span `z` (1–3 sentences each).
    func similarity(_ e: Range<Int>, _ z: Range<Int>) -> Float {
        DocumentEmbeddings.dot(en[e.count - 1][e.lowerBound], zh[z.count - 1][z.lowerBound])
    }

    /// The margin a link of these sentences must clear: the mean of their
    /// sentences' neighbourhoods.
    func margin(_ e: Range<Int>, _ z: Range<Int>) -> Float {
        var sum: Float = 0
        for i in e { sum += enNeighbourhood[i] }
        for j in z { sum += zhNeighbourhood[j] }
        return sum / Float(e.count + z.count)
    }

    /// For each sentence, the mean cosine of its four nearest sentences on
    /// the other side within a window around the diagonal.
    private mutating func computeNeighbourhoods() {
        let m = en[0].count, n = zh[0].count
        guard m > 0, n > 0 else { return }
        let window = max(20, max(m, n) / 10)
        var enBest = [[Float]](repeating: [], count: m), zhBest = [[Float]](repeating: [], count: n)
        for i in 0..<m {
            let center = i * n / m
            for j in max(0, center - window)..<min(n, center + window + 1) {
                let c = DocumentEmbeddings.dot(en[0][i], zh[0][j])
                DocumentEmbeddings.keepTop(&enBest[i], c)
                DocumentEmbeddings.keepTop(&zhBest[j], c)
            }
        }
        enNeighbourhood = enBest.map { $0.isEmpty ? 0 : $0.reduce(0, +) / Float($0.count) }
        zhNeighbourhood = zhBest.map { $0.isEmpty ? 0 : $0.reduce(0, +) / Float($0.count) }
    }

    private static func keepTop(_ top: inout [Float], _ value: Float, k: Int = 4) {
        if top.count < k { top.append(value); return }
        if let low = top.indices.min(by: { top[$0] < top[$1] }), top[low] < value { top[low] = value }
    }
}
