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
        var copy = text
        return copy.withUTF8 { b in
            // No case below writes more bytes than it reads, so the input's
            // length is room enough; written through a pointer, cut to size after.
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: b.count))
            var n = start
            let ok = out.withUnsafeMutableBufferPointer { o -> Bool in
                var i = 0
                while i < b.count {
                    let byte = b[i]
                    if byte < 0x80 {
                        o[n] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                        n += 1
                        i += 1
                        continue
                    }
                    let (c, length) = Chars.scalar(b, at: i)
                    if Chars.isHan(c), c < 0x10000, !(0xF900...0xFAFF).contains(c) {
                        // Three bytes in, three out (anything else is left to ICU).
                        let simplified = HanSimplifier.shared.simplified(c)
                        guard length == 3, simplified >= 0x800, simplified < 0x10000 else { return false }
                        o[n] = UInt8(0xE0 | (simplified >> 12))
                        o[n + 1] = UInt8(0x80 | ((simplified >> 6) & 0x3F))
                        o[n + 2] = UInt8(0x80 | (simplified & 0x3F))
                        n += 3
                    } else if (0xFF01...0xFF5E).contains(c) {
                        // Full-width ASCII forms: NFKC gives the ASCII character.
                        let ascii = UInt8(c - 0xFEE0)
                        o[n] = ascii >= 0x41 && ascii <= 0x5A ? ascii | 0x20 : ascii
                        n += 1
                    } else if c == 0x3000 {
                        o[n] = 0x20
                        n += 1
                    } else if stableUnderNFKC(c) {
                        for k in 0..<length { o[n + k] = b[i + k] }
                        n += length
                    } else {
                        return false
                    }
                    i += length
                }
                return true
            }
            out.removeLast(out.count - n)
            return ok
        }
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

    /// Only NFKC (width and compatibility forms), keeping case and script.
    public static func nfkc(_ text: String) -> String {
        ICUText.normalize(text, form: .nfkc)
    }

    /// ICU's Simplified→Traditional transliterator, for text written into a Traditional translation.
    static let simplifiedToTraditional: Transliterator? = try? Transliterator(id: "Simplified-Traditional")

    /// Simplified Chinese characters to Traditional (unchanged if ICU lacks the transliterator).
    public static func traditional(_ text: String) -> String {
        simplifiedToTraditional?.transform(text) ?? text
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
