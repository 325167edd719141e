import Foundation
import TMText

/// TMKit's own invariants of a memory, whatever holds it: every unit has both
/// sides; its stored hashes, normalized text and token counts agree with its
/// text; every unit is in the fuzzy index once per term, and nothing else is;
/// every token has its text for concordance. A backend feeds it its units,
/// posting lists and token hashes (in any order), then reads `problems`.
///
/// The index is compared through per-unit term counts and an
/// order-independent checksum of (term, unit) pairs, so nothing but two
/// counters per unit is held in memory.
public struct MemoryInvariants {
    /// Problems listed per kind before the rest are counted only.
    public static let problemsPerKind = 10

    private let maxID: Int
    private var expected: [[UInt16]]
    private var indexed: [[UInt16]]
    private var expectedSum: [UInt64] = [0, 0]
    private var indexedSum: [UInt64] = [0, 0]
    private var tokens = [HashSet64(), HashSet64()]
    private var known = [HashSet64(), HashSet64()]
    private var counts: [String: Int] = [:]
    /// Entries of ids above the largest unit id, by language and id: listed minus pending removal.
    private var beyond: [UInt64: Int] = [:]
    private var found: [String] = []

    /// `maxID`: the largest unit id of the memory.
    public init(maxID: Int) {
        self.maxID = max(0, maxID)
        expected = [[UInt16]](repeating: [UInt16](repeating: 0, count: self.maxID + 1), count: 2)
        indexed = expected
    }

    private mutating func problem(_ kind: String, _ text: @autoclosure () -> String) {
        counts[kind, default: 0] += 1
        if counts[kind]! <= MemoryInvariants.problemsPerKind { found.append(text()) }
    }

    /// One stored unit: its verbatim sides, normalized sides (nil where the
    /// backend derives them instead of storing them), hashes and token counts.
    public mutating func unit(id: Int, text: (en: String, zh: String), normalized: (en: String, zh: String)?,
                              hashes: (en: Int64, zh: Int64), tokenCounts: (en: Int, zh: Int)) {
        guard id >= 0 && id <= maxID else { problem("ids", "unit \(id): its id is outside the memory's range"); return }
        for lang in 0..<2 {
            let side = lang == 0 ? text.en : text.zh
            let name = lang == 0 ? "English" : "Chinese"
            if side.allSatisfy(\.isWhitespace) { problem("empty", "unit \(id): the \(name) side is empty") }
            if Int64(bitPattern: StableHash.fnv1a(side)) != (lang == 0 ? hashes.en : hashes.zh) {
                problem("hash", "unit \(id): the stored \(name) hash does not match its text")
            }
            let match = MatchText(side)
            if let normalized, match.normalized != (lang == 0 ? normalized.en : normalized.zh) {
                problem("normalized", "unit \(id): the stored normalized \(name) text does not match its text")
            }
            if match.count != (lang == 0 ? tokenCounts.en : tokenCounts.zh) {
                problem("tokens", "unit \(id): the stored \(name) token count is wrong")
            }
            for term in match.termHashes { expectedSum[lang] &+= MemoryInvariants.pairChecksum(term, UInt32(truncatingIfNeeded: id)) }
            expected[lang][id] = UInt16(clamping: match.count)
            for hash in match.hashes { tokens[lang].insert(hash) }
        }
    }

    /// One row of the fuzzy index: a term's units (0 English, 1 Chinese),
    /// or units pending removal from it (`key`, see `PostingAssembler`).
    public mutating func posting(lang: Int, term: UInt64, key: Int64 = 0, ids: [UInt32]) {
        guard lang == 0 || lang == 1 else { problem("index", "the fuzzy index has a row for an unknown language \(lang)"); return }
        let removing = key == PostingAssembler.removedKey
        for id in ids {
            guard Int(id) <= maxID else {
                // A unit removed since (the newest ids of an undone import): its
                // entry must be pending removal too, whichever row comes first.
                beyond[UInt64(lang) << 32 | UInt64(id), default: 0] += removing ? -1 : 1
                continue
            }
            if removing {
                indexed[lang][Int(id)] &-= 1
                indexedSum[lang] &-= MemoryInvariants.pairChecksum(term, id)
            } else {
                indexed[lang][Int(id)] &+= 1
                indexedSum[lang] &+= MemoryInvariants.pairChecksum(term, id)
            }
        }
    }

    /// A token whose text concordance knows (0 English, 1 Chinese).
    public mutating func knownToken(lang: Int, hash: UInt64) {
        guard lang == 0 || lang == 1 else { return }
        known[lang].insert(hash)
    }

    /// What was found, once everything has been fed in.
    public mutating func problems() -> [String] {
        for (key, count) in beyond.sorted(by: { $0.key < $1.key }) where count != 0 {
            problem("index", "the fuzzy index lists unit \(key & 0xFFFF_FFFF), which does not exist")
        }
        for lang in 0..<2 {
            let name = lang == 0 ? "English" : "Chinese"
            let indexed = indexed[lang], expected = expected[lang]
            for id in 0...maxID where indexed[id] != expected[id] {
                problem("index", "unit \(id): the fuzzy index holds \(indexed[id]) \(name) terms, its text has \(expected[id])")
            }
            if indexedSum[lang] != expectedSum[lang] && counts["index"] == nil {
                problem("index", "the \(name) fuzzy index files terms under the wrong units")
            }
            let known = known[lang]
            var missing = 0
            tokens[lang].forEach { hash in if !known.contains(hash) { missing += 1 } }
            for _ in 0..<missing { problem("terms", "a \(name) token of the memory has no text for concordance") }
        }
        var all = found
        for (kind, count) in counts.sorted(by: { $0.key < $1.key }) where count > MemoryInvariants.problemsPerKind {
            all.append("… \(count) problems of this kind (\(kind)) in all")
        }
        return all
    }

    /// A well-mixed value for one (term, unit) pair; summed, order does not matter.
    static func pairChecksum(_ term: UInt64, _ unit: UInt32) -> UInt64 {
        var h = term ^ (UInt64(unit) &* 0x9E37_79B9_7F4A_7C15)
        h ^= h >> 31
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 29
        return h
    }
}
