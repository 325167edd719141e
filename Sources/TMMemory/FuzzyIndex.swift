import TMText

/// The filter-then-verify steps of a fuzzy lookup, shared by every store so
/// that SQLite and PostgreSQL find the same matches: posting lists of the
/// query's terms propose candidates (count filter), then the best bounds are
/// scored exactly (verify), then the shown matches get their differences.
public enum FuzzyIndex {
    /// A candidate: its id, the terms it shares and the best score it could reach.
    public struct Candidate: Sendable {
        public var id: UInt32
        public var shared: Int
        public var bound: Int
    }

    /// Units that can still score `minScore`, best bound first. `lists` are
    /// the query terms' posting lists, rarest first; a unit scoring at least
    /// `minScore` shares at least ⌈max(m, n) × minScore / 100⌉ terms with an
    /// m-term query, so it appears in one of the m − k + 1 rarest lists
    /// (prefix filter): those propose candidates, the others only count.
    /// `lengths[id]`: a unit's term count in the query's language (0: unknown).
    public static func countFilter(_ lists: [[UInt32]], queryLength m: Int, minScore: Int, lengths: [UInt8]) -> [Candidate] {
        let needed = FuzzyScore.minimumShared(queryLength: m, minScore: minScore)
        let proposing = max(1, lists.count - needed + 1)
        var maxID: UInt32 = 0
        for list in lists { if let last = list.last, last > maxID { maxID = last } }
        guard lists.contains(where: { !$0.isEmpty }) else { return [] }
        // A dense counter per unit id: touched ids are remembered so only they are read back.
        var counts = [UInt8](repeating: 0, count: Int(maxID) + 1)
        var touched: [UInt32] = []
        counts.withUnsafeMutableBufferPointer { c in
            for (k, list) in lists.enumerated() {
                if k < proposing {
                    for id in list {
                        if c[Int(id)] == 0 { touched.append(id) }
                        if c[Int(id)] < 255 { c[Int(id)] += 1 }
                    }
                } else {
                    for id in list where c[Int(id)] > 0 && c[Int(id)] < 255 { c[Int(id)] += 1 }
                }
            }
        }
        var result: [Candidate] = []
        for id in touched {
            let shared = Int(counts[Int(id)])
            // Unknown length (a unit newer than the cache): assume the most favourable one.
            let n = Int(id) < lengths.count && lengths[Int(id)] > 0 ? Int(lengths[Int(id)]) : m
            let longest = max(m, n)
            guard shared * 100 >= minScore * longest,
                  abs(m - n) <= FuzzyScore.maxDistance(longest: longest, minScore: minScore) else { continue }
            result.append(Candidate(id: id, shared: shared, bound: min(100, 100 * shared / longest)))
        }
        result.sort { $0.bound != $1.bound ? $0.bound > $1.bound : $0.id > $1.id }
        return result
    }

    /// A candidate scored exactly: its id, its score and its normalized side.
    public struct Verified: Sendable {
        public var score: Int
        public var id: UInt32
        public var normalized: String
    }

    /// Scores candidates best bound first, reading their normalized side in
    /// batches through `normalized`, and stops when no remaining candidate
    /// can rank. Returns the best `limit`, best first (newer first on ties).
    public static func verify(_ candidates: [Candidate], query: MatchText, minScore: Int, limit: Int,
                              normalized: ([UInt32]) throws -> [(UInt32, String)]) rethrows -> [Verified] {
        var found: [Verified] = []
        var threshold = max(0, minScore)
        var index = 0
        let batch = 64
        while index < candidates.count {
            if candidates[index].bound < threshold { break }
            let slice = candidates[index..<min(index + batch, candidates.count)]
            index += slice.count
            for (id, text) in try normalized(slice.map(\.id)) {
                guard let score = FuzzyScore.score(query, MatchText(normalized: text), atLeast: threshold) else { continue }
                found.append(Verified(score: score, id: id, normalized: text))
            }
            found.sort { $0.score != $1.score ? $0.score > $1.score : $0.id > $1.id }
            if found.count > limit { found.removeLast(found.count - limit) }
            if found.count == limit { threshold = max(threshold, found.last!.score) }
        }
        return found
    }

    /// The matches as shown: source, target and what differs.
    public static func matches(_ found: [Verified], query: MatchText, queryText: String,
                               language: Language, units: [Int64: StoredUnit]) -> [Match] {
        found.compactMap { hit in
            guard let unit = units[Int64(hit.id)] else { return nil }
            let source = language == .en ? unit.en : unit.zh
            let target = language == .en ? unit.zh : unit.en
            let differences = hit.score == 100 && query.normalized == hit.normalized && source == queryText ? []
                : FuzzyScore.differences(queryRaw: queryText, matchRaw: source, query: query, match: MatchText(normalized: hit.normalized))
            return Match(score: hit.score, source: source, target: target, sourceLanguage: language, differences: differences, unit: unit)
        }
    }
}
