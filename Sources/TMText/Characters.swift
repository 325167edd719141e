/// Character classes and UTF-8 stepping used by the segmenter and tokenizers.
/// They work on raw UTF-8 bytes so the hot paths never build Strings.
public enum Chars {
    @inline(__always) static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// Decodes the scalar starting at `i`; returns its value and byte length.
    /// Invalid sequences decode as U+FFFD of length 1 (input is validated earlier).
    @inline(__always)
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        let b0 = b[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let n = b.count
        if b0 & 0xE0 == 0xC0, i + 1 < n {
            return ((UInt32(b0 & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F), 2)
        }
        if b0 & 0xF0 == 0xE0, i + 2 < n {
            return ((UInt32(b0 & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F), 3)
        }
        if b0 & 0xF8 == 0xF0, i + 3 < n {
            return ((UInt32(b0 & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12)
                    | (UInt32(b[i + 2] & 0x3F) << 6) | UInt32(b[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// The scalar that ends just before `i`; returns its value and start offset
    /// (value 0 at offset 0 when `i` is the start of the text).
    @inline(__always)
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, before i: Int) -> (value: UInt32, start: Int) {
        guard i > 0 else { return (0, 0) }
        var s = i - 1
        while s > 0 && isContinuation(b[s]) && i - s < 4 { s -= 1 }
        return (scalar(b, at: s).value, s)
    }

    @inline(__always)
    static func isWhitespace(_ c: UInt32) -> Bool {
        if c < 0x80 { return c == 0x20 || (c >= 0x09 && c <= 0x0D) }
        switch c {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0xA0, 0x1680, 0x2000...0x200A,
             0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    static func isLineBreak(_ c: UInt32) -> Bool {
        c == 0x0A || c == 0x0D || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0x0B || c == 0x0C
    }

    /// Han ideographs (CJK Unified, extensions, compatibility) and 〇.
    static func isHan(_ c: UInt32) -> Bool {
        switch c {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0x3007:
            return true
        default:
            return false
        }
    }

    /// Kana and Hangul count like Han characters in word counts.
    static func isOtherCJK(_ c: UInt32) -> Bool {
        switch c {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xAC00...0xD7AF, 0x1100...0x11FF:
            return true
        default:
            return false
        }
    }

    /// Han characters or full-width forms (where a Chinese term can start).
    public static func isHanOrWide(_ c: UInt32) -> Bool {
        isHan(c) || isOtherCJK(c) || (0xFF00...0xFFEF).contains(c)
    }

    /// Han characters and full-width punctuation: Chinese puts no space between them.
    static func isWide(_ c: UInt32) -> Bool {
        isHan(c) || isOtherCJK(c) || (0x3000...0x303F).contains(c) || (0xFF00...0xFFEF).contains(c)
    }

    /// Sentence-final punctuation, Western and Chinese.
    static func isTerminal(_ c: UInt32) -> Bool {
        switch c {
        case 0x2E, 0x21, 0x3F, 0x3002, 0xFF01, 0xFF1F, 0xFF61, 0xFF0E, 0x203C, 0x2047, 0x2048, 0x2049:
            return true
        default:
            return false
        }
    }

    /// Closing quotes and brackets that stay with the sentence they close.
    @inline(__always)
    static func isCloser(_ c: UInt32) -> Bool {
        if c < 0x80 { return c == 0x22 || c == 0x27 || c == 0x29 || c == 0x5D || c == 0x7D }
        switch c {
        case 0x22, 0x27, 0x29, 0x5D, 0x7D, 0xBB, 0x2019, 0x201D, 0x203A, 0x300B, 0x3009, 0x300D,
             0x300F, 0x3011, 0x3015, 0x3017, 0xFF09, 0xFF3D, 0xFF5D, 0xFE42, 0xFE44:
            return true
        default:
            return false
        }
    }

    /// Closing quotation marks (a subset of closers) after which a Chinese attribution may follow.
    static func isClosingQuote(_ c: UInt32) -> Bool {
        switch c {
        case 0x22, 0x27, 0x2019, 0x201D, 0x300D, 0x300F, 0xBB, 0xFE42, 0xFE44:
            return true
        default:
            return false
        }
    }

    /// Opening quotes and brackets.
    @inline(__always)
    static func isOpener(_ c: UInt32) -> Bool {
        if c < 0x80 { return c == 0x22 || c == 0x27 || c == 0x28 || c == 0x5B || c == 0x7B }
        switch c {
        case 0x22, 0x27, 0x28, 0x5B, 0x7B, 0xAB, 0x2018, 0x201C, 0x2039, 0x300A, 0x3008, 0x300C,
             0x300E, 0x3010, 0x3014, 0x3016, 0xFF08, 0xFF3B, 0xFF5B, 0xFE41, 0xFE43:
            return true
        default:
            return false
        }
    }

    @inline(__always) static func isASCIILetter(_ c: UInt32) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    @inline(__always) static func isASCIIUpper(_ c: UInt32) -> Bool { c >= 0x41 && c <= 0x5A }
    @inline(__always) static func isASCIILower(_ c: UInt32) -> Bool { c >= 0x61 && c <= 0x7A }
    @inline(__always) static func isASCIIDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isASCIIAlnum(_ c: UInt32) -> Bool { isASCIILetter(c) || isASCIIDigit(c) }

    /// Letters of any script other than Han (Latin with accents, Greek, Cyrillic...).
    static func isLetter(_ c: UInt32) -> Bool {
        if c < 0x80 { return isASCIILetter(c) }
        if isHan(c) || isOtherCJK(c) { return true }
        guard let s = Unicode.Scalar(c) else { return false }
        return s.properties.isAlphabetic
    }

    static func isDigit(_ c: UInt32) -> Bool {
        if c < 0x80 { return isASCIIDigit(c) }
        if c >= 0xFF10 && c <= 0xFF19 { return true }
        guard let s = Unicode.Scalar(c) else { return false }
        return s.properties.numericType == .decimal
    }
}
