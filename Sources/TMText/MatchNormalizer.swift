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
        var result = ICUText.normalize(text, form: .nfkcCaseFold)
        if result.unicodeScalars.contains(where: { Chars.isHan($0.value) }), let t = traditionalToSimplified {
            result = t.transform(result)
        }
        return result
    }

    /// Only NFKC (width and compatibility forms), keeping case and script.
    public static func nfkc(_ text: String) -> String {
        ICUText.normalize(text, form: .nfkc)
    }

    /// Traditional Chinese characters to Simplified, nothing else.
    public static func simplified(_ text: String) -> String {
        traditionalToSimplified?.transform(text) ?? text
    }
}
