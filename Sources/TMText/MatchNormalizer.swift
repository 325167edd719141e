/// Normalization for matching only; stored text is never changed.
///
/// NFKC folds compatibility forms (full-width Latin letters and digits become
/// half-width, the ideographic space a space), case folding makes "AWS" and
/// "aws" equal, and Traditional characters become Simplified so that 「這是」
/// matches 「这是」.
public enum MatchNormalizer {
    /// ICU's Traditional→Simplified transliterator, shared (calls are serialized inside).
    static let traditionalToSimplified: Transliterator? = try? Transliterator(id: "Traditional-Simplified")

    public static func normalize(_ text: String) -> String {
        if let fast = fastNormalize(text) { return fast }
        return slowNormalize(text)
    }

    /// Appends the normalized text's UTF-8 to `out`: a batch of segments is
    /// normalized into one reused buffer, with no string per segment.
    public static func appendNormalized(_ text: String, to out: inout [UInt8]) {
        let start = out.count
        if appendFast(text, to: &out) { return }
        out.removeSubrange(start...)
        out.append(contentsOf: slowNormalize(text).utf8)
    }

    private static func slowNormalize(_ text: String) -> String {
        let folded = ICUText.normalize(text, form: .nfkcCaseFold)
        return HanSimplifier.shared.simplify(folded)
    }

    static func fastNormalize(_ text: String) -> String? {
        var out: [UInt8] = []
        return appendFast(text, to: &out) ? String(decoding: out, as: UTF8.self) : nil
    }

    /// Most text is ASCII, Han characters and common Chinese punctuation, which
    /// NFKC leaves alone: then folding is lowercasing ASCII and simplifying Han
    /// characters, done in one pass. Anything else goes through ICU (false here,
    /// with `out` partly written).
    private static func appendFast(_ text: String, to out: inout [UInt8]) -> Bool {
        var ok = true
        var copy = text
        copy.withUTF8 { b in
            // Grown geometrically: reserving the exact size would copy a shared buffer on every append.
            if out.capacity < out.count + b.count { out.reserveCapacity(max(out.count + b.count, 2 * out.capacity)) }
            var i = 0
            while i < b.count {
                let byte = b[i]
                if byte < 0x80 {
                    out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                    i += 1
                    continue
                }
                let (c, length) = Chars.scalar(b, at: i)
                if Chars.isHan(c), c < 0x10000, !(0xF900...0xFAFF).contains(c) {
                    let simplified = HanSimplifier.shared.simplified(c)
                    appendUTF8(simplified, to: &out)
                } else if (0xFF01...0xFF5E).contains(c) {
                    // Full-width ASCII forms: NFKC gives the ASCII character.
                    let ascii = UInt8(c - 0xFEE0)
                    out.append(ascii >= 0x41 && ascii <= 0x5A ? ascii | 0x20 : ascii)
                } else if c == 0x3000 {
                    out.append(0x20)
                } else if stableUnderNFKC(c) {
                    out.append(contentsOf: b[i..<(i + length)])
                } else {
                    ok = false
                    return
                }
                i += length
            }
        }
        return ok
    }

    /// Chinese punctuation and quotes that NFKC and case folding keep as they are.
    private static func stableUnderNFKC(_ c: UInt32) -> Bool {
        switch c {
        case 0x3001, 0x3002, 0x3008...0x3011, 0x3014...0x301B, 0x2018, 0x2019, 0x201C, 0x201D, 0x2014, 0x2013, 0x00B7, 0x2022, 0x30FB:
            return true
        default:
            return false
        }
    }

    private static func appendUTF8(_ c: UInt32, to out: inout [UInt8]) {
        switch c {
        case 0..<0x80: out.append(UInt8(c))
        case 0x80..<0x800: out += [UInt8(0xC0 | (c >> 6)), UInt8(0x80 | (c & 0x3F))]
        case 0x800..<0x10000: out += [UInt8(0xE0 | (c >> 12)), UInt8(0x80 | ((c >> 6) & 0x3F)), UInt8(0x80 | (c & 0x3F))]
        default: out += [UInt8(0xF0 | (c >> 18)), UInt8(0x80 | ((c >> 12) & 0x3F)), UInt8(0x80 | ((c >> 6) & 0x3F)), UInt8(0x80 | (c & 0x3F))]
        }
    }

    /// Only NFKC (width and compatibility forms), keeping case and script.
    public static func nfkc(_ text: String) -> String {
        ICUText.normalize(text, form: .nfkc)
    }

    /// Traditional Chinese characters to Simplified, nothing else.
    public static func simplified(_ text: String) -> String {
        HanSimplifier.shared.simplify(text)
    }
}

/// Traditional→Simplified by table. ICU's transliterator maps the characters
/// one to one but is slow per call; the table is filled once from it, so
/// normalizing a million units costs a lookup per character.
final class HanSimplifier: Sendable {
    static let shared = HanSimplifier()

    private static let ranges: [ClosedRange<UInt32>] = [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF]
    /// Simplified form of each character in `ranges`, in order (0: unchanged).
    private let table: [UInt32]

    private init() {
        var table: [UInt32] = []
        guard let transliterator = MatchNormalizer.traditionalToSimplified else {
            self.table = []
            return
        }
        for range in HanSimplifier.ranges {
            // Transliterate the range in slices; a slice whose output does not
            // line up character for character is done one character at a time.
            var start = range.lowerBound
            while start <= range.upperBound {
                let end = min(start + 1023, range.upperBound)
                let input = (start...end).compactMap(Unicode.Scalar.init)
                let output = Array(transliterator.transform(String(String.UnicodeScalarView(input))).unicodeScalars)
                if output.count == input.count {
                    for (a, b) in zip(input, output) { table.append(a == b ? 0 : b.value) }
                } else {
                    for a in input {
                        let b = Array(transliterator.transform(String(a)).unicodeScalars)
                        table.append(b.count == 1 && b[0] != a ? b[0].value : 0)
                    }
                }
                start = end + 1
            }
        }
        self.table = table
    }

    private func index(_ c: UInt32) -> Int? {
        var offset = 0
        for range in HanSimplifier.ranges {
            if range.contains(c) { return offset + Int(c - range.lowerBound) }
            offset += range.count
        }
        return nil
    }

    /// The Simplified form of one character (itself when it has none).
    func simplified(_ c: UInt32) -> UInt32 {
        guard let i = index(c), i < table.count, table[i] != 0 else { return c }
        return table[i]
    }

    func simplify(_ text: String) -> String {
        guard !table.isEmpty else { return MatchNormalizer.traditionalToSimplified?.transform(text) ?? text }
        var scalars = String.UnicodeScalarView()
        var changed = false
        for s in text.unicodeScalars {
            if let i = index(s.value), i < table.count, table[i] != 0, let t = Unicode.Scalar(table[i]) {
                scalars.append(t)
                changed = true
            } else {
                scalars.append(s)
            }
        }
        return changed ? String(scalars) : text
    }
}
