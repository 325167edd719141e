/// Inline markup (TMX bpt/ept/ph/it/hi/ut, XLIFF g/x/bx/ex/ph) inside a
/// segment is stored as a numbered placeholder so it is never lost:
/// `⟦1⟧` for a standalone or opening code, `⟦/1⟧` for its closing code.
/// Matching ignores placeholders; exports write them back as markup.
public enum InlinePlaceholder {
    public static let open: Character = "⟦"
    public static let close: Character = "⟧"

    public static func standalone(_ n: Int) -> String { "⟦\(n)⟧" }
    public static func closing(_ n: Int) -> String { "⟦/\(n)⟧" }

    /// The text without placeholders.
    public static func strip(_ text: String) -> String {
        guard text.contains(open) else { return text }
        var out = ""
        var inside = false
        for ch in text {
            if ch == open { inside = true; continue }
            if ch == close && inside { inside = false; continue }
            if !inside { out.append(ch) }
        }
        return out
    }

    /// Number of placeholders in the text.
    public static func count(_ text: String) -> Int {
        text.reduce(0) { $0 + ($1 == open ? 1 : 0) }
    }
}
