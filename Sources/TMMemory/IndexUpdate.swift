/// The fuzzy index's part of a maintenance operation: the (term, unit) pairs
/// that leave the index and those that enter it, gathered for a whole
/// operation, then applied term by term so that each term's chunks are read
/// and written once however many units change.
///
/// Written here rather than in the backends because the placement rule is
/// the index's own: a term's chunks, in key order, must concatenate into one
/// sorted list (lookups and merges rely on it), so an id goes into the chunk
/// whose range it falls in.
public struct IndexUpdate {
    /// Per language: each term's ids leaving and entering.
    private var leaving = [[UInt64: [UInt32]](), [UInt64: [UInt32]]()]
    private var entering = [[UInt64: [UInt32]](), [UInt64: [UInt32]]()]
    private var tokens: [NewToken] = []

    public init() {}

    /// The unit's text leaves the index.
    public mutating func remove(_ id: Int64, _ unit: IndexedUnit) {
        for lang in 0..<2 {
            for term in unit.text(lang).termHashes { leaving[lang][term, default: []].append(UInt32(id)) }
        }
    }

    /// The unit's text enters the index.
    public mutating func add(_ id: Int64, _ unit: IndexedUnit) {
        for lang in 0..<2 {
            let text = unit.text(lang)
            for term in text.termHashes { entering[lang][term, default: []].append(UInt32(id)) }
            let words = text.tokens
            for (k, hash) in text.hashes.enumerated() where k < words.count {
                tokens.append(NewToken(language: lang == 0 ? .en : .zh, hash: hash, text: words[k]))
            }
        }
    }

    /// Applies the update through `transaction`, a few hundred terms per read.
    public func apply(_ transaction: any MaintenanceTransaction) throws {
        for lang in 0..<2 {
            let terms = Array(Set(leaving[lang].keys).union(entering[lang].keys))
            for start in stride(from: 0, to: terms.count, by: 500) {
                let batch = Array(terms[start..<min(start + 500, terms.count)])
                let stored = try transaction.chunks(lang: lang, terms: batch)
                var changed: [TermChunk] = []
                for term in batch {
                    var out = Set(leaving[lang][term] ?? []), into = Set(entering[lang][term] ?? [])
                    // A unit edited without changing this term keeps its place.
                    let both = out.intersection(into)
                    out.subtract(both)
                    into.subtract(both)
                    guard !out.isEmpty || !into.isEmpty else { continue }
                    for chunk in IndexUpdate.update(stored[term] ?? [], removing: out.sorted(), adding: into.sorted()) {
                        changed.append(TermChunk(term: term, chunk: chunk))
                    }
                }
                try transaction.writeChunks(lang: lang, changed)
            }
        }
        if !tokens.isEmpty { try transaction.addTokenTexts(tokens) }
    }

    /// A term's chunks after removing and adding ids (both sorted): only
    /// the chunks that changed, emptied ones with no ids.
    public static func update(_ chunks: [PostingChunk], removing: [UInt32], adding: [UInt32]) -> [PostingChunk] {
        var chunks = chunks
        var changed = Set<Int>()
        if !removing.isEmpty {
            for k in chunks.indices {
                let before = chunks[k].ids.count
                chunks[k].ids = subtract(chunks[k].ids, removing)
                if chunks[k].ids.count != before { changed.insert(k) }
            }
        }
        // Each id goes to the last non-empty chunk starting at or below it, else
        // the first non-empty one; with none, the first chunk (or a new one).
        let filled = chunks.indices.filter { !chunks[$0].ids.isEmpty }
        var arriving: [Int: [UInt32]] = [:]
        for id in adding {
            if let target = filled.last(where: { chunks[$0].ids[0] <= id }) ?? filled.first ?? chunks.indices.first {
                arriving[target, default: []].append(id)
            } else {
                chunks.append(PostingChunk(key: 0, ids: []))
                arriving[chunks.count - 1, default: []].append(id)
            }
        }
        for (target, ids) in arriving {
            let merged = union(chunks[target].ids, ids)
            if merged.count != chunks[target].ids.count { changed.insert(target) }
            chunks[target].ids = merged
        }
        return changed.sorted().map { chunks[$0] }
    }

    /// The ids of two sorted lists, each once.
    static func union(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) { result.append(a[i]); i += 1 }
            else if i == a.count || b[j] < a[i] { result.append(b[j]); j += 1 }
            else { result.append(a[i]); i += 1; j += 1 }
        }
        return result
    }

    /// `ids` without `removing` (both sorted).
    static func subtract(_ ids: [UInt32], _ removing: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(ids.count)
        var j = 0
        for id in ids {
            while j < removing.count && removing[j] < id { j += 1 }
            if j < removing.count && removing[j] == id { continue }
            result.append(id)
        }
        return result
    }
}
