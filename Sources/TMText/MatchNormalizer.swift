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
        // Plain ASCII needs only lowercasing (NFKC leaves it as it is).
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        let folded = ICUText.normalize(text, form: .nfkcCaseFold)
        return HanSimplifier.shared.simplify(folded)
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
