import TMText

/// The match texts (see `MatchText`) of many segments, kept in flat buffers
/// shared by all of them. An import prepares a million segments at a time:
/// one `MatchText` each allocates a string and several arrays per segment,
/// which costs more than normalizing and tokenizing the text.
public struct MatchTextBatch: Sendable {
    /// The normalized texts, back to back (UTF-8).
    private var bytes: [UInt8] = []
    /// Per segment: where its text ends in `bytes`, and its tokens in the token arrays.
    private var textEnds: [Int] = []
    private var tokenEnds: [Int] = []
    /// Per token: its hash, its index term and its bytes in `bytes`.
    private var tokenHashes: [UInt64] = []
    private var tokenTerms: [UInt64] = []
    private var tokenBytes: [Range<Int>] = []

    public init() {}

    public var count: Int { textEnds.count }

    /// Normalizes and tokenizes one more segment (placeholders removed, as `MatchText` does).
    public mutating func append(_ raw: String) {
        let start = bytes.count
        let firstToken = tokenHashes.count
        MatchNormalizer.appendNormalized(InlinePlaceholder.strip(raw), to: &bytes)
        var hashes: [UInt64] = [], terms: [UInt64] = [], ranges: [Range<Int>] = []
        swap(&hashes, &tokenHashes)
        swap(&terms, &tokenTerms)
        swap(&ranges, &tokenBytes)
        bytes.withUnsafeBufferPointer { all in
            let text = UnsafeBufferPointer(rebasing: all[start...])
            Tokenizer.forEachToken(in: text) { range, _ in
                let hash = StableHash.fnv1a(UnsafeBufferPointer(rebasing: text[range]))
                // Segments are short: counting earlier equal hashes beats a dictionary.
                var occurrence = 1
                for j in firstToken..<hashes.count where hashes[j] == hash { occurrence += 1 }
                hashes.append(hash)
                terms.append(IndexTerm.hash(hash, occurrence: occurrence))
                ranges.append((start + range.lowerBound)..<(start + range.upperBound))
            }
        }
        swap(&hashes, &tokenHashes)
        swap(&terms, &tokenTerms)
        swap(&ranges, &tokenBytes)
        textEnds.append(bytes.count)
        tokenEnds.append(tokenHashes.count)
    }

    /// The token numbers of segment `k` (for `term`, `tokenHash` and `tokenText`).
    public func tokens(of k: Int) -> Range<Int> {
        (k == 0 ? 0 : tokenEnds[k - 1])..<tokenEnds[k]
    }

    /// Index term of token `j`: its hash mixed with its occurrence number (see `IndexTerm`).
    public func term(_ j: Int) -> UInt64 { tokenTerms[j] }

    public func tokenHash(_ j: Int) -> UInt64 { tokenHashes[j] }

    public func tokenText(_ j: Int) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[tokenBytes[j]]), as: UTF8.self) }
    }

    /// The normalized text of segment `k`.
    public func normalized(_ k: Int) -> String {
        String(decoding: bytes[(k == 0 ? 0 : textEnds[k - 1])..<textEnds[k]], as: UTF8.self)
    }
}
