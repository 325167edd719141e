import Foundation
import Logging
import PostgresNIO
import TMMemory
import TMText

extension PostgresMemory {
    public func lookup(_ text: String, language: Language, minScore: Int, limit: Int) throws -> [Match] {
        let query = MatchText(text)
        guard query.count > 0, limit > 0 else { return [] }
        let lang = Int16(language.storageCode)
        let column = language == .en ? "en_norm" : "zh_norm"
        return try pool.withConnection { connection, logger in
            let generation = try importGeneration(connection, logger)
            let table = try lengths.current(connection, logger, generation: generation)
            let penalties = PenaltyTable(try PostgresTransaction(connection: connection, logger: logger).penalties())
            let lists = try postingLists(connection, logger, lang: lang, terms: query.termHashes, generation: generation)
            let candidates = FuzzyIndex.countFilter(lists, queryLength: query.count, minScore: minScore,
                                                    lengths: table.lengths.counts(language))
            return try penalties.lookup(minScore: minScore, limit: limit) { window in
                let found = try FuzzyIndex.verify(candidates, query: query, minScore: minScore, limit: window) { ids in
                    try connection.query(PostgresQuery(unsafeSQL: "SELECT id, \(column) FROM units WHERE id = ANY($1)",
                                                       binds: try PostgresMemory.binds(ids.map { Int64($0) })), logger: logger)
                        .wait().rows.map { row in
                            let (id, normalized) = try row.decode((Int64, String).self)
                            return (UInt32(id), normalized)
                        }
                }
                let units = try fetchUnits(connection, logger, ids: found.map { Int64($0.id) })
                return FuzzyIndex.matches(found, query: query, queryText: text, language: language, units: units)
            }
        }
    }

    /// Grows with every import and every change, whichever client writes it
    /// (import rows are never deleted, changes only added), so a change here
    /// is what makes cached lists and lengths stale.
    func importGeneration(_ connection: PostgresConnection, _ logger: Logger) throws -> Int64 {
        try connection.query("""
            SELECT (SELECT coalesce(max(id), 0) FROM imports) + (SELECT coalesce(max(id), 0) FROM changes)
            """, logger: logger).wait().rows.first!.decode(Int64.self)
    }

    /// The posting lists of `terms` (missing terms give empty lists), rarest
    /// first. Long lists come from the cache when it is at the newest import
    /// this snapshot sees; the rest are read in one query.
    func postingLists(_ connection: PostgresConnection, _ logger: Logger, lang: Int16, terms: [UInt64], generation: Int64,
                      rarestFirst: Bool = true) throws -> [[UInt32]] {
        let cache = postingCache.adopt(generation: generation) ? postingCache : nil
        var lists: [Int64: [UInt32]] = [:]
        var missing: [Int64] = []
        for term in terms {
            if let kept = cache?.list(lang: Int(lang), term: term, generation: generation) { lists[Int64(bitPattern: term)] = kept }
            else { missing.append(Int64(bitPattern: term)) }
        }
        if !missing.isEmpty {
            var read: [Int64: PostingAssembler] = [:]
            for row in try connection.query("""
                SELECT term, import_id, unit_ids FROM postings WHERE lang = \(lang) AND term = ANY(\(missing)) ORDER BY term, import_id
                """, logger: logger).wait().rows {
                let (term, key, blob) = try row.decode((Int64, Int64, ByteBuffer).self)
                read[term, default: PostingAssembler()].add(key: key, bytes: blob.readableBytesView)
            }
            for (term, assembled) in read {
                let ids = assembled.ids()
                cache?.keep(ids, lang: Int(lang), term: UInt64(bitPattern: term), generation: generation)
                lists[term] = ids
            }
        }
        let ordered = terms.map { lists[Int64(bitPattern: $0)] ?? [] }
        return rarestFirst ? ordered.sorted { $0.count < $1.count } : ordered
    }

    // MARK: - Fragments

    public func fragments(of text: String, language: Language, limit: Int) throws -> [Fragment] {
        let lang = Int16(language.storageCode)
        return try pool.withConnection { connection, logger in
            let generation = try importGeneration(connection, logger)
            // The length table has a slot per unit id: the memory's size, without counting rows.
            let count = try lengths.current(connection, logger, generation: generation).lengths.counts(language).count
            return try FragmentSearch.find(text, language: language, unitCount: Int(count), limit: limit,
                                           postings: { try postingLists(connection, logger, lang: lang, terms: $0, generation: generation, rarestFirst: false) },
                                           units: { ids in Array(try fetchUnits(connection, logger, ids: ids.map { Int64($0) }).values) })
        }
    }

    // MARK: - Concordance

    public func concordance(_ text: String, language: Language?, limit: Int) throws -> [ConcordanceHit] {
        let query = MatchText(text)
        guard query.count > 0, limit > 0 else { return [] }
        let detected = Language.detect(text)
        let languages = language.map { [$0] } ?? [detected, detected == .en ? .zh : .en]
        // LIKE with the query's wildcards and escape character escaped: the text is searched literally.
        let escaped = query.normalized.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return try pool.withConnection { connection, logger in
            var hits: [ConcordanceHit] = []
            for lang in languages where hits.count < limit {
                let column = lang == .en ? "en_norm" : "zh_norm"
                let pattern = "%" + escaped + "%"
                let ids: [Int64]
                if PostgresMemory.longestWordRun(query.normalized) < 3,
                   let candidates = try shortQueryCandidates(connection, logger, query, lang: lang) {
                    var found: [Int64] = []
                    var end = candidates.count
                    while end > 0 && found.count < limit - hits.count {
                        let slice = candidates[max(0, end - 512)..<end].map { Int64($0) }
                        end -= slice.count
                        found += try connection.query(PostgresQuery(unsafeSQL: """
                            SELECT id FROM units WHERE id = ANY($1) AND \(column) LIKE $2 ESCAPE '\\' ORDER BY id DESC
                            """, binds: try PostgresMemory.binds(slice, pattern)), logger: logger).wait().rows.map { try $0.decode(Int64.self) }
                    }
                    ids = Array(found.prefix(limit - hits.count))
                } else {
                    ids = try connection.query(PostgresQuery(unsafeSQL: """
                        SELECT id FROM units WHERE \(column) LIKE $1 ESCAPE '\\' ORDER BY id DESC LIMIT $2
                        """, binds: try PostgresMemory.binds(pattern, Int64(limit - hits.count))), logger: logger)
                        .wait().rows.map { try $0.decode(Int64.self) }
                }
                let units = try fetchUnits(connection, logger, ids: ids)
                for id in ids {
                    guard let unit = units[id] else { continue }
                    let side = lang == .en ? unit.en : unit.zh
                    hits.append(ConcordanceHit(unit: unit, language: lang, ranges: ConcordanceHit.occurrences(of: text, in: side)))
                }
            }
            return hits
        }
    }

    /// Candidates for a query with nothing of three letters or characters in a
    /// row, which gives the trigram index nothing to work with: from the fuzzy
    /// index and the vocabulary, as on SQLite. Nil when a fragment is part of
    /// so many words ("e") that reading their postings would cost more than
    /// scanning the newest units, where such a common fragment turns up at once.
    private func shortQueryCandidates(_ connection: PostgresConnection, _ logger: Logger, _ query: MatchText,
                                      lang: Language) throws -> [UInt32]? {
        struct CommonFragment: Error {}
        let code = Int16(lang.storageCode)
        let generation = try importGeneration(connection, logger)
        do {
            return try ConcordancePlan(query).candidates(
                postings: { try postingLists(connection, logger, lang: code, terms: $0, generation: generation) },
                wordsContaining: { fragment in
                    let hashes = try connection.query("""
                        SELECT hash FROM terms WHERE lang = \(code) AND strpos(text, \(fragment)) > 0 LIMIT 1001
                        """, logger: logger).wait().rows.map { UInt64(bitPattern: try $0.decode(Int64.self)) }
                    if hashes.count > 1000 { throw CommonFragment() }
                    return ConcordancePlan.union(try postingLists(connection, logger, lang: code, terms: hashes, generation: generation))
                })
        } catch is CommonFragment {
            return nil
        }
    }

    /// The longest run of letters, digits or Chinese characters: what pg_trgm
    /// can make trigrams of.
    static func longestWordRun(_ text: String) -> Int {
        var longest = 0, run = 0
        for scalar in text.unicodeScalars {
            run = scalar.properties.isAlphabetic || scalar.properties.numericType != nil ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
