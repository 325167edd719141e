import Foundation
import GRDB
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
                let lists = try postingLists(db, terms: query.termHashes, language: language, cache: cache)
                let candidates = countFilter(lists, queryLength: query.count, minScore: minScore,
                                             lengths: language == .en ? lengths.en : lengths.zh)
                return try verify(db, candidates: candidates, query: query, queryText: text, language: language,
                                  minScore: minScore, limit: limit)
            }
        }
    }

    /// Posting lists of the given terms (missing terms give empty lists), rarest first.
    func postingLists(_ db: Database, terms: [UInt64], language: Language, cache: PostingCache? = nil) throws -> [[UInt32]] {
        var reader = try PostingReader(db)
        let lang = SQLiteMemory.code(language)
        var cache = cache
        // The newest import in this transaction's snapshot: the cache's generation.
        let generation = cache == nil ? 0 : try Int64.fetchOne(db, sql: "SELECT max(id) FROM imports") ?? 0
        if let shared = cache, !shared.adopt(generation: generation) { cache = nil }
        return try terms.map { term in
            if let kept = cache?.list(lang: lang, term: term, generation: generation) { return kept }
            let ids = try reader.read(lang: lang, term: term)
            cache?.keep(ids, lang: lang, term: term, generation: generation)
            return ids
        }.sorted { $0.count < $1.count }
    }

    /// A candidate: its id, the terms it shares and the best score it could reach.
    struct Candidate {
        var id: UInt32
        var shared: Int
        var bound: Int
    }

    /// Units that can still score `minScore`, best bound first.
    func countFilter(_ lists: [[UInt32]], queryLength m: Int, minScore: Int, lengths: [UInt8]) -> [Candidate] {
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

    private func verify(_ db: Database, candidates: [Candidate], query: MatchText, queryText: String,
                        language: Language, minScore: Int, limit: Int) throws -> [Match] {
        var found: [(score: Int, id: UInt32, normalized: String)] = []
        var threshold = max(0, minScore)
        var index = 0
        let batch = 64
        let column = language == .en ? "en_norm" : "zh_norm"
        while index < candidates.count {
            if candidates[index].bound < threshold { break }
            let slice = candidates[index..<min(index + batch, candidates.count)]
            index += slice.count
            let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
            let rows = try Row.fetchCursor(db, sql: "SELECT id, \(column) FROM units WHERE id IN (\(marks))",
                                           arguments: StatementArguments(slice.map { Int64($0.id) }))
            while let row = try rows.next() {
                let normalized: String = row[1]
                guard let score = FuzzyScore.score(query, MatchText(normalized: normalized), atLeast: threshold) else { continue }
                found.append((score, UInt32(row[0] as Int64), normalized))
            }
            found.sort { $0.score != $1.score ? $0.score > $1.score : $0.id > $1.id }
            if found.count > limit { found.removeLast(found.count - limit) }
            if found.count == limit { threshold = max(threshold, found.last!.score) }
        }
        // Full rows only for the matches shown.
        let units = Dictionary(try fetchUnits(db, ids: found.map(\.id), language: language).map { ($0.0.id, $0.0) },
                               uniquingKeysWith: { a, _ in a })
        return found.compactMap { hit in
            guard let unit = units[Int64(hit.id)] else { return nil }
            let source = language == .en ? unit.en : unit.zh
            let target = language == .en ? unit.zh : unit.en
            let differences = hit.score == 100 && query.normalized == hit.normalized && source == queryText ? []
                : FuzzyScore.differences(queryRaw: queryText, matchRaw: source, query: query,
                                         match: MatchText(normalized: hit.normalized))
            return Match(score: hit.score, source: source, target: target, sourceLanguage: language,
                         differences: differences, unit: unit)
        }
    }

    // MARK: - Concordance

    /// Units whose side contains `text`. Candidates come from the postings of
    /// the query's tokens (words that may be cut at either end of the query
    /// are looked up among the vocabulary's words that contain them); each is
    /// then checked for the literal text.
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
                // Whole tokens (Chinese characters, words inside the query) give exact
                // candidate lists; words at the query's edges may be cut, so they are
                // expanded through the vocabulary only when nothing else narrows the search.
                var whole: [UInt64] = [], cut: [String] = []
                let tokens = query.tokens
                for (k, token) in tokens.enumerated() {
                    let atStart = k == 0 && !startsAtBoundary(query.normalized)
                    let atEnd = k == tokens.count - 1 && !endsAtBoundary(query.normalized)
                    let isHan = token.unicodeScalars.count == 1 && Language.detect(token) == .zh
                    if isHan || !(atStart || atEnd) { whole.append(query.hashes[k]) } else { cut.append(token) }
                }
                var sets: [[UInt32]] = []
                if !whole.isEmpty {
                    sets = try postingLists(db, terms: Array(Set(whole)), language: language)
                } else {
                    for fragment in Set(cut) { sets.append(try unionOfTermsContaining(db, fragment, language: language)) }
                }
                sets.sort { $0.count < $1.count }
                var candidates = sets.first ?? []
                for set in sets.dropFirst() where !candidates.isEmpty { candidates = intersect(candidates, set) }
                var hits: [ConcordanceHit] = []
                var start = 0
                candidates.reverse()  // newest units first
                while start < candidates.count && hits.count < limit {
                    let slice = Array(candidates[start..<min(start + 256, candidates.count)])
                    start += slice.count
                    let units = try fetchUnits(db, ids: slice, language: language).sorted { $0.0.id > $1.0.id }
                    for (unit, normalized) in units where normalized.contains(query.normalized) {
                        let side = language == .en ? unit.en : unit.zh
                        hits.append(ConcordanceHit(unit: unit, language: language, ranges: ConcordanceHit.occurrences(of: raw, in: side)))
                        if hits.count == limit { break }
                    }
                }
                return hits
            }
        }
    }

    /// A query starting (ending) with a space or punctuation marks a word boundary there.
    private func startsAtBoundary(_ text: String) -> Bool {
        text.unicodeScalars.first.map { !($0.properties.isAlphabetic || $0.properties.numericType != nil) } ?? false
    }

    private func endsAtBoundary(_ text: String) -> Bool {
        text.unicodeScalars.last.map { !($0.properties.isAlphabetic || $0.properties.numericType != nil) } ?? false
    }

    private func unionOfTermsContaining(_ db: Database, _ fragment: String, language: Language) throws -> [UInt32] {
        // The vocabulary (distinct tokens), not the units, is searched for the fragment.
        let hashes = try Int64.fetchAll(db, sql: "SELECT hash FROM terms WHERE lang = ? AND instr(text, ?) > 0",
                                        arguments: [SQLiteMemory.code(language), fragment])
        var all: [UInt32] = []
        for list in try postingLists(db, terms: hashes.map { UInt64(bitPattern: $0) }, language: language) { all += list }
        all.sort()
        var unique: [UInt32] = []
        unique.reserveCapacity(all.count)
        for id in all where unique.last != id { unique.append(id) }
        return unique
    }

    private func intersect(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { result.append(a[i]); i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return result
    }
}

extension ConcordanceHit {
    /// UTF-8 ranges of `needle` in `text`, ignoring case and width.
    public static func occurrences(of needle: String, in text: String) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var searchStart = text.startIndex
        let options: String.CompareOptions = [.caseInsensitive, .widthInsensitive]
        while searchStart < text.endIndex, let r = text.range(of: needle, options: options, range: searchStart..<text.endIndex) {
            ranges.append(text.utf8.distance(from: text.startIndex, to: r.lowerBound)..<text.utf8.distance(from: text.startIndex, to: r.upperBound))
            searchStart = r.upperBound
        }
        return ranges
    }
}
