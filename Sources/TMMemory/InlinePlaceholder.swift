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
        guard hasPlaceholder(text) else { return text }
        var out = ""
        var inside = false
        for ch in text.unicodeScalars {
            if ch == "⟦" { inside = true; continue }
            if ch == "⟧" && inside { inside = false; continue }
            if !inside { out.unicodeScalars.append(ch) }
        }
        return out
    }

    /// Number of placeholders in the text.
    public static func count(_ text: String) -> Int {
        guard hasPlaceholder(text) else { return 0 }
        return text.unicodeScalars.reduce(0) { $0 + ($1 == "⟦" ? 1 : 0) }
    }

    /// A byte scan for "⟦" (E2 9F A6): most segments have none.
    private static func hasPlaceholder(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { b in
            guard b.count >= 3 else { return false }
            for i in 0..<(b.count - 2) where b[i] == 0xE2 && b[i + 1] == 0x9F && b[i + 2] == 0xA6 { return true }
            return false
        }
    }
}
