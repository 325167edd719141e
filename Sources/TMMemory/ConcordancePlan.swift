import TMText

/// How a concordance query finds its candidate units through the fuzzy
/// index, the same way on every backend: whole tokens (Chinese characters,
/// and words inside the query) have exact posting lists; words at the
/// query's edges may be cut ("ank" of "bank"), so they stand for every word
/// of the memory's vocabulary that contains them. Candidates are then
/// checked for the literal text.
public struct ConcordancePlan: Sendable {
    /// Hashes of the tokens whose posting lists hold every hit.
    public var wholeTokens: [UInt64] = []
    /// Fragments that may be parts of longer words.
    public var fragments: [String] = []

    public init(_ query: MatchText) {
        let tokens = query.tokens
        for (k, token) in tokens.enumerated() {
            let atStart = k == 0 && !ConcordancePlan.startsAtBoundary(query.normalized)
            let atEnd = k == tokens.count - 1 && !ConcordancePlan.endsAtBoundary(query.normalized)
            let isHan = token.unicodeScalars.count == 1 && Language.detect(token) == .zh
            if isHan || !(atStart || atEnd) { wholeTokens.append(query.hashes[k]) } else { fragments.append(token) }
        }
        wholeTokens = Array(Set(wholeTokens))
        fragments = Array(Set(fragments))
    }

    /// The units holding every whole token; without any, those holding a word
    /// containing each fragment (`wordsContaining` gives a fragment's units).
    /// Sorted ids, oldest first.
    public func candidates(postings: ([UInt64]) throws -> [[UInt32]], wordsContaining: (String) throws -> [UInt32]) rethrows -> [UInt32] {
        var sets = wholeTokens.isEmpty ? try fragments.map(wordsContaining) : try postings(wholeTokens)
        sets.sort { $0.count < $1.count }
        var candidates = sets.first ?? []
        for set in sets.dropFirst() where !candidates.isEmpty { candidates = PostingList.intersect(candidates, set) }
        return candidates
    }

    /// The sorted union of several posting lists, without repeats.
    public static func union(_ lists: [[UInt32]]) -> [UInt32] {
        var all = lists.flatMap { $0 }
        all.sort()
        var unique: [UInt32] = []
        unique.reserveCapacity(all.count)
        for id in all where unique.last != id { unique.append(id) }
        return unique
    }

    /// A query starting (ending) with a space or punctuation marks a word boundary there.
    static func startsAtBoundary(_ text: String) -> Bool {
        text.unicodeScalars.first.map { !($0.properties.isAlphabetic || $0.properties.numericType != nil) } ?? false
    }

    static func endsAtBoundary(_ text: String) -> Bool {
        text.unicodeScalars.last.map { !($0.properties.isAlphabetic || $0.properties.numericType != nil) } ?? false
    }
}
