/// How much more a span of English sentences and a span of Chinese ones mean
/// the same than their neighbours do, from a document's embeddings:
///
/// - the cosine of the two spans, less the mean cosine of each span with the
///   spans of the same length just before and after it on the other side
///   (Bertalign's span margin: a link must beat its own neighbourhood);
/// - plus, for every sentence inside the link, how much closer it is to the
///   other side's span than to that span's neighbours, averaged. A sentence
///   that belongs to the next link pulls its link's score down, which is what
///   decides where the boundaries of many-to-one links fall.
///
/// Cosines are cached in bands around the diagonal, so each is computed once
/// and memory grows with the document's length times the band.
final class SemanticScore {
    private let embeddings: DocumentEmbeddings
    private let memberWeight: Float
    private let m: Int, n: Int
    private let window: Int
    /// Per pair of span lengths (English × longest + Chinese), cached cosines by start.
    private var tables: [[Float]]

    init(_ embeddings: DocumentEmbeddings, band: Int, memberWeight: Float) {
        self.embeddings = embeddings
        self.memberWeight = memberWeight
        m = embeddings.en[0].count
        n = embeddings.zh[0].count
        // Neighbours lie up to a link's length beyond the aligner's band.
        window = band + 2 * DocumentEmbeddings.longestLink
        let longest = DocumentEmbeddings.longestLink
        tables = [[Float]](repeating: [], count: longest * longest)
    }

    /// The score of linking English sentences `e` with Chinese sentences `z` (both non-empty).
    func score(_ e: Range<Int>, _ z: Range<Int>) -> Float {
        let a = e.count, b = z.count, s = e.lowerBound, t = z.lowerBound
        guard let here = cosine(a, s, b, t) else { return 0 }
        var value = here - (Self.mean(chineseNeighbours(a, s, b, t), englishNeighbours(a, s, b, t)) ?? 0)
        if memberWeight > 0 {
            var member: Float = 0
            for i in e {
                if let c = cosine(1, i, b, t) { member += c - (chineseNeighbours(1, i, b, t) ?? 0) }
            }
            for j in z {
                if let c = cosine(a, s, 1, j) { member += c - (englishNeighbours(a, s, 1, j) ?? 0) }
            }
            value += memberWeight * member / Float(a + b)
        }
        return value
    }

    /// The mean cosine of the English span with the Chinese spans of the same length just before and after `t`.
    private func chineseNeighbours(_ a: Int, _ s: Int, _ b: Int, _ t: Int) -> Float? {
        Self.mean(cosine(a, s, b, t - b), cosine(a, s, b, t + b))
    }

    /// The mean cosine of the Chinese span with the English spans of the same length just before and after `s`.
    private func englishNeighbours(_ a: Int, _ s: Int, _ b: Int, _ t: Int) -> Float? {
        Self.mean(cosine(a, s - a, b, t), cosine(a, s + a, b, t))
    }

    /// The cosine of the English span of `a` sentences from `s` and the
    /// Chinese span of `b` from `t`, or nil when either span is outside the text.
    private func cosine(_ a: Int, _ s: Int, _ b: Int, _ t: Int) -> Float? {
        guard s >= 0, t >= 0, s + a <= m, t + b <= n else { return nil }
        let k = t - center(s) + window
        guard k >= 0, k <= 2 * window else { return embeddings.similarity(s..<(s + a), t..<(t + b)) }
        let table = (a - 1) * DocumentEmbeddings.longestLink + (b - 1)
        if tables[table].isEmpty {
            tables[table] = [Float](repeating: .nan, count: (m - a + 1) * (2 * window + 1))
        }
        let slot = s * (2 * window + 1) + k
        let cached = tables[table][slot]
        if !cached.isNaN { return cached }
        let value = embeddings.similarity(s..<(s + a), t..<(t + b))
        tables[table][slot] = value
        return value
    }

    private func center(_ i: Int) -> Int { m == 0 ? 0 : Int((Double(i) * Double(n) / Double(m)).rounded()) }

    private static func mean(_ x: Float?, _ y: Float?) -> Float? {
        switch (x, y) {
        case let (x?, y?): (x + y) / 2
        case let (x?, nil): x
        case let (nil, y?): y
        case (nil, nil): nil
        }
    }
}
