/// The one escaper for text written into XML or HTML, as element content or
/// as an attribute value in double or single quotes: `&`, `<`, `>`, `"` and
/// `'` become references, and the characters XML 1.0 forbids (controls other
/// than tab, line feed and carriage return; U+FFFE and U+FFFF) are dropped,
/// since no reference can carry them either. Every writer of TMX, XLIFF, TBX
/// and HTML uses it, so a unit imported from TSV with a stray U+000B still
/// exports as a valid file.
public enum Markup {
    public static func escape(_ s: String) -> String {
        // Most text needs nothing: one pass over the bytes to find out.
        if !s.utf8.contains(where: needsWork) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if isAllowedInXML(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Whether XML 1.0 allows the character at all (its `Char` production).
    public static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0..<0x20, 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }

    /// A byte that starts something to escape or drop (U+FFFE and U+FFFF begin with 0xEF).
    private static func needsWork(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), 0xEF: return true
        case 0x9, 0xA, 0xD: return false
        default: return byte < 0x20
        }
    }
}
