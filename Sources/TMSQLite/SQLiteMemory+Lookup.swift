import Foundation
import GRDB
import TMMemory
import TMText

extension SQLiteMemory {
    /// Fuzzy lookup, filter then verify. A unit scoring at least `minScore`
    /// shares at least ⌈max(m, n) × minScore / 100⌉ tokens with an m-token
    /// query (n: the unit's length), so it appears in at least one of the
    /// m − k + 1 rarest query terms' postings, k = ⌈m × minScore / 100⌉
    /// (prefix filter): those lists propose candidates, the others only count.
    /// Candidates outside the length window or short of shared tokens are
    /// dropped; the rest are verified with a banded edit distance, best upper
    /// bound first, stopping when no remaining one can rank.
    public func lookup(_ text: String, language: Language, minScore: Int, limit: Int) throws -> [Match] {
        try lookup(text, language: language, minScore: minScore, limit: limit, cache: postingCache)
    }

    /// The same lookup with long posting lists kept in `cache` (see
    /// `PostingCache`); nil reads every list from the database.
    public func lookup(_ text: String, language: Language, minScore: Int, limit: Int, cache: PostingCache?) throws -> [Match] {
        let query = MatchText(text)
        guard query.count > 0, limit > 0 else { return [] }
        return try mapped {
            try queue.read { db in
                let lengths = try self.lengths.current(db)
                let penalties = PenaltyTable(try SQLiteTransaction(db).penalties())
                let lists = try postingLists(db, terms: query.termHashes, language: language, cache: cache)
                let candidates = FuzzyIndex.countFilter(lists, queryLength: query.count, minScore: minScore,
                                             lengths: lengths.counts(language))
                return try penalties.lookup(minScore: minScore, limit: limit) { window in
                    try verify(db, candidates: candidates, query: query, queryText: text, language: language,
                               minScore: minScore, limit: window)
                }
            }
        }
    }

    /// Posting lists of the given terms (missing terms give empty lists), rarest first.
    func postingLists(_ db: Database, terms: [UInt64], language: Language, cache: PostingCache? = nil, rarestFirst: Bool = true) throws -> [[UInt32]] {
        var reader = try PostingReader(db)
        let lang = language.storageCode
        var cache = cache
        let generation = cache == nil ? 0 : try SQLiteMemory.generation(db)
        if let shared = cache, !shared.adopt(generation: generation) { cache = nil }
        let lists = try terms.map { term in
            if let kept = cache?.list(lang: lang, term: term, generation: generation) { return kept }
            let ids = try reader.read(lang: lang, term: term)
            cache?.keep(ids, lang: lang, term: term, generation: generation)
            return ids
        }
        return rarestFirst ? lists.sorted { $0.count < $1.count } : lists
    }

    // MARK: - Fragments

    public func fragments(of text: String, language: Language, limit: Int) throws -> [Fragment] {
        try mapped {
            try queue.read { db in
                // The length table has a slot per unit id: the memory's size, without counting rows.
                let count = try self.lengths.current(db).counts(language).count
                return try FragmentSearch.find(text, language: language, unitCount: count, limit: limit,
                                               postings: { try postingLists(db, terms: $0, language: language, cache: postingCache, rarestFirst: false) },
                                               units: { try fetchUnits(db, ids: $0) })
            }
        }
    }

    /// Grows with every import and every change, whichever process writes
    /// it (import rows are never deleted, changes only added): the
    /// generation of the posting cache, as seen in this transaction's snapshot.
    static func generation(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT (SELECT coalesce(max(id), 0) FROM imports) + (SELECT coalesce(max(id), 0) FROM changes)") ?? 0
    }

    private func verify(_ db: Database, candidates: [FuzzyIndex.Candidate], query: MatchText, queryText: String,
                        language: Language, minScore: Int, limit: Int) throws -> [Match] {
        let column = language == .en ? "en" : "zh"
        let found = try FuzzyIndex.verify(candidates, query: query, minScore: minScore, limit: limit) { ids in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            return try Row.fetchAll(db, sql: "SELECT id, \(column) FROM units WHERE id IN (\(marks))",
                                    arguments: StatementArguments(ids.map { Int64($0) })).map { (UInt32($0[0] as Int64), MatchText.normalized($0[1])) }
        }
        // Full rows only for the matches shown.
        let units = Dictionary(try fetchUnits(db, ids: found.map(\.id)).map { ($0.id, $0) },
                               uniquingKeysWith: { a, _ in a })
        return FuzzyIndex.matches(found, query: query, queryText: queryText, language: language, units: units)
    }

    // MARK: - Concordance

    /// Units whose side contains `text`: candidates from the fuzzy index
    /// (`ConcordancePlan`), each checked for the literal text, newest first.
    public func concordance(_ text: String, language: Language?, limit: Int) throws -> [ConcordanceHit] {
        let query = MatchText(text)
        guard query.count > 0, limit > 0 else { return [] }
        let languages = language.map { [$0] } ?? [Language.detect(text), Language.detect(text) == .en ? .zh : .en]
        var hits: [ConcordanceHit] = []
        for lang in languages where hits.count < limit {
            hits += try concordance(query, raw: text, language: lang, limit: limit - hits.count)
        }
        return hits
    }

    private func concordance(_ query: MatchText, raw: String, language: Language, limit: Int) throws -> [ConcordanceHit] {
        try mapped {
            try queue.read { db in
                var candidates = try ConcordancePlan(query).candidates(
                    postings: { try postingLists(db, terms: $0, language: language) },
                    wordsContaining: { try unionOfTermsContaining(db, $0, language: language) })
                var hits: [ConcordanceHit] = []
                var start = 0
                candidates.reverse()  // newest units first
                while start < candidates.count && hits.count < limit {
                    let slice = Array(candidates[start..<min(start + 256, candidates.count)])
                    start += slice.count
                    for unit in try fetchUnits(db, ids: slice).sorted(by: { $0.id > $1.id }) {
                        let side = language == .en ? unit.en : unit.zh
                        guard MatchText.normalized(side).contains(query.normalized) else { continue }
                        hits.append(ConcordanceHit(unit: unit, language: language, ranges: ConcordanceHit.occurrences(of: raw, in: side)))
                        if hits.count == limit { break }
                    }
                }
                return hits
            }
        }
    }

    private func unionOfTermsContaining(_ db: Database, _ fragment: String, language: Language) throws -> [UInt32] {
        // The vocabulary (distinct tokens), not the units, is searched for the fragment.
        let hashes = try Int64.fetchAll(db, sql: "SELECT hash FROM terms WHERE lang = ? AND instr(text, ?) > 0",
                                        arguments: [language.storageCode, fragment])
        return ConcordancePlan.union(try postingLists(db, terms: hashes.map { UInt64(bitPattern: $0) }, language: language))
    }
}
