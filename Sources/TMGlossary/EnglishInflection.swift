/// The base forms an English word may be an inflection of: plural,
/// possessive, -ed and -ing. Only these endings are removed, so nothing is
/// over-stemmed: "regulators" gives "regulator", while "regulations" gives
/// "regulation" and never reaches "regulator" or "regulate".
public enum EnglishInflection {
    /// The word itself first, then candidate base forms (same case as the word).
    public static func baseForms(_ word: String) -> [String] {
        var forms = [word]
        var w = word
        // Possessives: Amazon's, Amazon’s, regulators'.
        for suffix in ["'s", "’s", "'S", "’S"] where w.count > 2 && w.hasSuffix(suffix) {
            w = String(w.dropLast(2))
            forms.append(w)
        }
        if w.count > 2, let last = w.last, last == "'" || last == "’" {
            w = String(w.dropLast())
            forms.append(w)
        }
        let lower = w.lowercased()
        func add(_ dropping: Int, _ appending: String = "") {
            let stem = String(w.dropLast(dropping)) + appending
            if stem.count >= 2 && !forms.contains(stem) { forms.append(stem) }
        }
        if lower.hasSuffix("ies") && lower.count > 4 {
            add(3, isUpper(w) ? "Y" : "y")                       // companies → company
        } else if lower.hasSuffix("es") && lower.count > 3,
                  ["s", "x", "z", "ch", "sh"].contains(where: { lower.dropLast(2).hasSuffix($0) }) {
            add(2)                                               // taxes → tax, searches → search
            add(1)                                               // licenses → license
        } else if lower.hasSuffix("s") && !lower.hasSuffix("ss") && lower.count > 2 && !invariant.contains(lower),
                  acronymPlural(w) || !(lower.hasSuffix("us") || lower.hasSuffix("is")) {
            add(1)                                               // regulators → regulator, GPUs → GPU
        }
        if lower.hasSuffix("ied") && lower.count > 4 {
            add(3, "y")                                          // applied → apply
        } else if lower.hasSuffix("ed") && lower.count > 4 {
            add(2)                                               // launched → launch
            add(1)                                               // regulated → regulate
            if doubled(lower.dropLast(2)) { add(3) }             // banned → ban
        }
        if lower.hasSuffix("ing") && lower.count > 5 {
            add(3)                                               // launching → launch
            add(3, "e")                                          // regulating → regulate
            if doubled(lower.dropLast(3)) { add(4) }             // planning → plan
        }
        return forms
    }

    /// Words ending in -s that are not plurals of a word without it.
    private static let invariant: Set<String> = [
        "news", "series", "species", "means", "physics", "economics", "politics", "analytics", "lens", "always",
        "perhaps", "whereas", "thus", "this", "has", "was", "does", "goes", "yes", "less", "across", "whereabouts",
    ]

    /// "GPUs", "CEOs": a capital letter before the final s.
    private static func acronymPlural(_ w: String) -> Bool {
        w.dropLast().last?.isUppercase ?? false
    }

    private static func isUpper(_ s: String) -> Bool { s == s.uppercased() && s != s.lowercased() }

    /// Ends in a doubled consonant ("bann", "plann").
    private static func doubled(_ s: Substring) -> Bool {
        let chars = Array(s)
        guard chars.count >= 3, let last = chars.last, last == chars[chars.count - 2] else { return false }
        return !"aeiou".contains(last) && last.isLetter
    }
}
