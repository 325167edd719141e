import TMText

/// Looks a term up in a glossary: exact first, then as an inflected form
/// ("regulators" → "regulator"), then, for terms of six letters or more, with
/// one typo (two for twelve or more). Chinese terms are compared normalized,
/// so Traditional input finds Simplified entries.
public struct GlossaryLookup: Sendable {
    public enum MatchKind: String, Sendable, Codable { case exact, inflected, fuzzy }

    public struct Result: Sendable, Codable, Equatable {
        public var entry: GlossaryEntry
        public var match: MatchKind
    }

    private let entries: [GlossaryEntry]
    private let byEnglish: [String: [Int]]
    private let byChinese: [String: [Int]]

    public init(entries: [GlossaryEntry]) {
        self.entries = entries
        var en: [String: [Int]] = [:], zh: [String: [Int]] = [:]
        for (k, e) in entries.enumerated() {
            en[e.en.lowercased(), default: []].append(k)
            zh[MatchNormalizer.normalize(e.zh), default: []].append(k)
        }
        byEnglish = en
        byChinese = zh
    }

    public func lookup(_ term: String) -> [Result] {
        let query = term.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !query.isEmpty else { return [] }
        if Language.detect(query) == .zh {
            let key = MatchNormalizer.normalize(query)
            if let hits = byChinese[key] { return hits.map { Result(entry: entries[$0], match: .exact) } }
            return fuzzy(key, in: byChinese)
        }
        let key = query.lowercased()
        if let hits = byEnglish[key] { return hits.map { Result(entry: entries[$0], match: .exact) } }
        // Inflected: the last word may carry the ending ("data centers").
        var words = query.split(separator: " ").map(String.init)
        if let last = words.popLast() {
            for form in EnglishInflection.baseForms(last).dropFirst() {
                let candidate = (words + [form]).joined(separator: " ").lowercased()
                if let hits = byEnglish[candidate] { return hits.map { Result(entry: entries[$0], match: .inflected) } }
            }
        }
        return fuzzy(key, in: byEnglish)
    }

    private func fuzzy(_ key: String, in index: [String: [Int]]) -> [Result] {
        let letters = key.filter { $0.isLetter }.count
        let isChinese = Language.detect(key) == .zh
        guard isChinese ? key.count >= 4 : letters >= 6 else { return [] }
        let allowed = isChinese || key.count < 12 ? 1 : 2
        let q = Array(key.unicodeScalars.map(\.value))
        var results: [(Int, Result)] = []
        for (candidate, hits) in index where abs(candidate.unicodeScalars.count - q.count) <= allowed {
            let c = Array(candidate.unicodeScalars.map(\.value))
            guard let d = GlossaryLookup.distance(q, c, atMost: allowed), d > 0 else { continue }
            for k in hits { results.append((d, Result(entry: entries[k], match: .fuzzy))) }
        }
        return results.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1.entry.en < $1.1.entry.en }.map(\.1)
    }

    /// Levenshtein distance if at most `limit`, else nil.
    static func distance(_ a: [UInt32], _ b: [UInt32], atMost limit: Int) -> Int? {
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            var rowMin = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), previous[j] + 1, current[j - 1] + 1)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return nil }
            previous = current
        }
        let d = a.isEmpty ? b.count : previous[b.count]
        return d <= limit ? d : nil
    }
}
