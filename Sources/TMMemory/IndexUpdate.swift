import Foundation

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
    /// One (term, unit) pair of the index.
    struct Entry {
        var term: UInt64
        var id: UInt32
    }

    /// Per language: the pairs leaving and entering.
    private var leaving = [[Entry](), [Entry]()]
    private var entering = [[Entry](), [Entry]()]
    private var tokens: [NewToken] = []
    private var seenTokens = [HashSet64(), HashSet64()]

    public init() {}

    /// The unit's text leaves the index.
    public mutating func remove(_ id: Int64, _ unit: IndexedUnit) {
        for lang in 0..<2 {
            for term in unit.text(lang).termHashes { leaving[lang].append(Entry(term: term, id: UInt32(id))) }
        }
    }

    /// Many units' texts leave the index (an undo, a delete by filter): their
    /// terms are computed on every core.
    public mutating func remove(_ units: [(id: Int64, snapshot: UnitSnapshot)]) {
        final class Parts: @unchecked Sendable {
            var entries: [[[Entry]]]
            init(_ n: Int) { entries = Array(repeating: [[], []], count: n) }
        }
        let count = max(1, min(ProcessInfo.processInfo.activeProcessorCount, units.count / 2_000))
        let parts = Parts(count)
        DispatchQueue.concurrentPerform(iterations: count) { part in
            var local: [[Entry]] = [[], []]
            for k in stride(from: part, to: units.count, by: count) {
                let id = UInt32(units[k].id)
                for term in MatchText(units[k].snapshot.en).termHashes { local[0].append(Entry(term: term, id: id)) }
                for term in MatchText(units[k].snapshot.zh).termHashes { local[1].append(Entry(term: term, id: id)) }
            }
            parts.entries[part] = local
        }
        for part in parts.entries {
            leaving[0] += part[0]
            leaving[1] += part[1]
        }
    }

    /// The unit's text enters the index.
    public mutating func add(_ id: Int64, _ unit: IndexedUnit) {
        for lang in 0..<2 { add(id, unit.text(lang), lang: lang) }
    }

    /// One side's text enters the index; its tokens' texts are kept once each.
    mutating func add(_ id: Int64, _ text: MatchText, lang: Int) {
        for term in text.termHashes { entering[lang].append(Entry(term: term, id: UInt32(id))) }
        guard text.hashes.contains(where: { !seenTokens[lang].contains($0) }) else { return }
        let words = text.tokens
        for (k, hash) in text.hashes.enumerated() where k < words.count && seenTokens[lang].insert(hash) {
            tokens.append(NewToken(language: lang == 0 ? .en : .zh, hash: hash, text: words[k]))
        }
    }

    /// A unit's text changes: only the sides that differ leave and enter the index
    /// (the new sides' match text is the one the row was written with).
    public mutating func change(_ id: Int64, from before: UnitSnapshot, to after: IndexedUnit) {
        for lang in 0..<2 {
            let (old, new) = lang == 0 ? (before.en, after.snapshot.en) : (before.zh, after.snapshot.zh)
            guard old != new else { continue }
            for term in MatchText(old).termHashes { leaving[lang].append(Entry(term: term, id: UInt32(id))) }
            add(id, after.text(lang), lang: lang)
        }
    }

    /// Each term's ids (sorted, once), terms in increasing order.
    private static func grouped(_ entries: [Entry]) -> [(term: UInt64, ids: [UInt32])] {
        let sorted = entries.sorted { $0.term != $1.term ? $0.term < $1.term : $0.id < $1.id }
        var groups: [(term: UInt64, ids: [UInt32])] = []
        for entry in sorted {
            if groups.last?.term != entry.term { groups.append((entry.term, [])) }
            if groups[groups.count - 1].ids.last != entry.id { groups[groups.count - 1].ids.append(entry.id) }
        }
        return groups
    }

    /// A term whose import chunks take more bytes than this records changes
    /// as pending (a few ids) instead of rewriting its list.
    public static let longList = 16 << 10

    /// Pending changes are folded into the list once they are this many, or a
    /// thirty-second of the list's bytes if that is more.
    public static func pendingLimit(listBytes: Int) -> Int { max(1024, listBytes / 32) }

    /// Applies the update through `transaction`, a few hundred terms per read.
    public func apply(_ transaction: any MaintenanceTransaction) throws {
        for lang in 0..<2 {
            let out = Dictionary(uniqueKeysWithValues: IndexUpdate.grouped(leaving[lang]).map { ($0.term, $0.ids) })
            let into = Dictionary(uniqueKeysWithValues: IndexUpdate.grouped(entering[lang]).map { ($0.term, $0.ids) })
            let terms = Array(Set(out.keys).union(into.keys)).sorted()
            for start in stride(from: 0, to: terms.count, by: 500) {
                let batch = Array(terms[start..<min(start + 500, terms.count)])
                // Long lists take a few changes as pending ones: only their sizes and
                // pending chunks are read; the others are read whole and rewritten.
                let summaries = try transaction.chunkSummaries(lang: lang, terms: batch)
                var changed: [TermChunk] = []
                var exact: [(term: UInt64, removing: [UInt32], adding: [UInt32])] = []
                for term in batch {
                    // A unit edited without changing this term keeps its place.
                    let leaving = out[term] ?? [], entering = into[term] ?? []
                    let removing = PostingList.subtract(leaving, entering), adding = PostingList.subtract(entering, leaving)
                    guard !removing.isEmpty || !adding.isEmpty else { continue }
                    if let summary = summaries[term],
                       let pending = IndexUpdate.pendingUpdate(importBytes: summary.importBytes, pending: summary.pending,
                                                               removing: removing, adding: adding) {
                        changed += pending.map { TermChunk(term: term, chunk: $0) }
                    } else {
                        exact.append((term, removing, adding))
                    }
                }
                let stored = exact.isEmpty ? [:] : try transaction.chunks(lang: lang, terms: exact.map(\.term))
                for (term, removing, adding) in exact {
                    changed += IndexUpdate.update(stored[term] ?? [], removing: removing, adding: adding).map { TermChunk(term: term, chunk: $0) }
                }
                try transaction.writeChunks(lang: lang, changed)
            }
        }
        if !tokens.isEmpty { try transaction.addTokenTexts(tokens) }
    }

    private static func decodePending(_ pending: [StoredChunk]) -> (added: [UInt32], removed: [UInt32]) {
        var added: [UInt32] = [], removed: [UInt32] = []
        for chunk in pending {
            if chunk.key == PostingAssembler.addedKey { added = PostingList.decode(chunk.data) }
            if chunk.key == PostingAssembler.removedKey { removed = PostingList.decode(chunk.data) }
        }
        return (added, removed)
    }

    /// The pending chunks to write when a long list (import chunks of
    /// `importBytes`) takes the update as pending changes; nil when the list
    /// is short or its pending changes would outgrow `pendingLimit`.
    static func pendingUpdate(importBytes: Int, pending: [StoredChunk], removing: [UInt32], adding: [UInt32]) -> [PostingChunk]? {
        guard importBytes > longList else { return nil }
        let (pendingAdded, pendingRemoved) = decodePending(pending)
        // Removing an id that is pending as added cancels it, and the reverse.
        let added = PostingList.union(PostingList.subtract(pendingAdded, removing), PostingList.subtract(adding, pendingRemoved))
        let removed = PostingList.union(PostingList.subtract(pendingRemoved, adding), PostingList.subtract(removing, pendingAdded))
        guard added.count + removed.count <= pendingLimit(listBytes: importBytes) else { return nil }
        return [PostingChunk(key: PostingAssembler.addedKey, ids: added), PostingChunk(key: PostingAssembler.removedKey, ids: removed)]
            .filter { !$0.ids.isEmpty || ($0.key == PostingAssembler.addedKey ? !pendingAdded.isEmpty : !pendingRemoved.isEmpty) }
    }

    /// A term's chunks to write after removing and adding ids (both sorted,
    /// disjoint): only the chunks that change, emptied ones with no ids. A
    /// long list gets pending changes; a short one, or a long one whose
    /// pending changes outgrow `pendingLimit`, is rewritten exactly.
    public static func update(_ stored: [StoredChunk], removing: [UInt32], adding: [UInt32]) -> [PostingChunk] {
        let imports = stored.filter { $0.key >= 0 }, pending = stored.filter { $0.key < 0 }
        if let changes = pendingUpdate(importBytes: imports.reduce(0) { $0 + $1.data.count }, pending: pending,
                                       removing: removing, adding: adding) {
            return changes
        }
        let (pendingAdded, pendingRemoved) = decodePending(pending)
        let hadPending = !pendingAdded.isEmpty || !pendingRemoved.isEmpty
        // Exact: pending changes folded in, then this update.
        var chunks = imports.map { PostingChunk(key: $0.key, ids: PostingList.decode($0.data)) }
        var changed = Set<Int>()
        let allRemoved = PostingList.union(pendingRemoved, removing)
        let allAdded = PostingList.union(PostingList.subtract(pendingAdded, removing), adding)
        if !allRemoved.isEmpty {
            for k in chunks.indices {
                let before = chunks[k].ids.count
                chunks[k].ids = PostingList.subtract(chunks[k].ids, allRemoved)
                if chunks[k].ids.count != before { changed.insert(k) }
            }
        }
        // Each id goes to the last non-empty chunk starting at or below it, else
        // the first non-empty one; with none, the first chunk (or a new one).
        let filled = chunks.indices.filter { !chunks[$0].ids.isEmpty }
        var arriving: [Int: [UInt32]] = [:]
        for id in allAdded {
            if let target = filled.last(where: { chunks[$0].ids[0] <= id }) ?? filled.first ?? chunks.indices.first {
                arriving[target, default: []].append(id)
            } else {
                chunks.append(PostingChunk(key: 0, ids: []))
                arriving[chunks.count - 1, default: []].append(id)
            }
        }
        for (target, ids) in arriving {
            let merged = PostingList.union(chunks[target].ids, ids)
            if merged.count != chunks[target].ids.count { changed.insert(target) }
            chunks[target].ids = merged
        }
        var result = changed.sorted().map { chunks[$0] }
        if hadPending {
            result += [PostingChunk(key: PostingAssembler.addedKey, ids: []), PostingChunk(key: PostingAssembler.removedKey, ids: [])]
        }
        return result
    }
}
