import TMText

/// A segment prepared for matching: placeholders removed, normalized (NFKC,
/// case folding, Traditional→Simplified), and cut into the units the fuzzy
/// score counts — English words and numbers; Chinese characters, with Latin
/// words and numbers inside Chinese as one unit each. Punctuation is not a
/// token; it only decides between 100 and 99.
public struct MatchText: Sendable, Equatable {
    /// The whole normalized text, punctuation included.
    public let normalized: String
    /// The tokens, hashed (tokens are compared by hash).
    public let hashes: [UInt64]

    public init(_ raw: String) {
        self.init(normalized: MatchText.normalized(raw))
    }

    /// The normalized text alone (placeholders removed), without tokenizing it.
    public static func normalized(_ raw: String) -> String {
        MatchNormalizer.normalize(InlinePlaceholder.strip(raw))
    }

    /// From text that is already normalized (as stored in the memory).
    public init(normalized: String) {
        self.normalized = normalized
        var hashes: [UInt64] = []
        var copy = normalized
        copy.withUTF8 { b in
            Tokenizer.forEachToken(in: b) { range, _ in hashes.append(StableHash.fnv1a(UnsafeBufferPointer(rebasing: b[range]))) }
        }
        self.hashes = hashes
    }

    /// The tokens as text (for showing differences).
    public var tokens: [String] { Tokenizer.tokens(normalized).map(\.text) }

    public var count: Int { hashes.count }

    /// Index terms: each token with its occurrence number, so that shared
    /// terms count shared tokens with repetition ("no no" shares two with "no no").
    public var termHashes: [UInt64] {
        // Segments are short: counting earlier equal hashes beats a dictionary.
        var result = [UInt64](repeating: 0, count: hashes.count)
        for (k, h) in hashes.enumerated() {
            var occurrence = 1
            for j in 0..<k where hashes[j] == h { occurrence += 1 }
            result[k] = IndexTerm.hash(h, occurrence: occurrence)
        }
        return result
    }
}

public enum IndexTerm {
    /// The term of a token's n-th occurrence: the token's own hash for the first.
    public static func hash(_ token: UInt64, occurrence: Int) -> UInt64 {
        guard occurrence > 1 else { return token }
        var h = token ^ (UInt64(occurrence) &* 0x9E37_79B9_7F4A_7C15)
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }
}

/// FNV-1a, 64-bit: a fixed, process-independent hash for stored keys
/// (Swift's `Hasher` is seeded per process, so it cannot be persisted).
public enum StableHash {
    public static func fnv1a(_ s: String) -> UInt64 {
        var copy = s
        return copy.withUTF8 { fnv1a($0) }
    }

    public static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
