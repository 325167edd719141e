import TMText

/// A segment prepared for matching: placeholders removed, normalized (NFKC,
/// case folding, Traditional→Simplified), and cut into the units the fuzzy
/// score counts — English words and numbers; Chinese characters, with Latin
/// words and numbers inside Chinese as one unit each. Punctuation is not a
/// token; it only decides between 100 and 99.
public struct MatchText: Sendable, Equatable {
    /// The whole normalized text, punctuation included.
    public let normalized: String
    public let tokens: [String]
    /// `tokens` hashed, for fast comparison.
    public let hashes: [UInt64]

    public init(_ raw: String) {
        self.init(normalized: MatchNormalizer.normalize(InlinePlaceholder.strip(raw)))
    }

    /// From text that is already normalized (as stored in the memory).
    public init(normalized: String) {
        self.normalized = normalized
        tokens = Tokenizer.tokens(normalized).map(\.text)
        hashes = tokens.map { StableHash.fnv1a($0) }
    }

    /// Index terms: each token with its occurrence number, so that shared
    /// terms count shared tokens with repetition ("no no" shares two with "no no").
    public var indexTerms: [String] {
        var seen: [String: Int] = [:]
        return tokens.map { token in
            let n = (seen[token] ?? 0) + 1
            seen[token] = n
            return IndexTerm.make(token, occurrence: n)
        }
    }
}

public enum IndexTerm {
    /// "token" for the first occurrence, "token\u{1}n" for the n-th.
    public static func make(_ token: String, occurrence: Int) -> String {
        occurrence == 1 ? token : "\(token)\u{1}\(occurrence)"
    }
}

/// FNV-1a, 64-bit: a fixed, process-independent hash for stored keys
/// (Swift's `Hasher` is seeded per process, so it cannot be persisted).
public enum StableHash {
    public static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in s.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
