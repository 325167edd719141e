/// HTML character references. Written by hand: no HTML library is among the
/// project's dependencies, and articles only need the common named entities
/// plus numeric references.
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "mdash": "\u{2014}", "ndash": "\u{2013}", "hellip": "\u{2026}", "lsquo": "\u{2018}",
        "rsquo": "\u{2019}", "ldquo": "\u{201C}", "rdquo": "\u{201D}", "sbquo": "\u{201A}",
        "bdquo": "\u{201E}", "laquo": "\u{AB}", "raquo": "\u{BB}", "lsaquo": "\u{2039}", "rsaquo": "\u{203A}",
        "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "middot": "\u{B7}", "bull": "\u{2022}",
        "times": "\u{D7}", "divide": "\u{F7}", "deg": "\u{B0}", "yen": "\u{A5}", "euro": "\u{20AC}",
        "pound": "\u{A3}", "cent": "\u{A2}", "sect": "\u{A7}", "para": "\u{B6}", "plusmn": "\u{B1}",
        "frac12": "\u{BD}", "frac14": "\u{BC}", "frac34": "\u{BE}", "ensp": "\u{2002}", "emsp": "\u{2003}",
        "thinsp": "\u{2009}", "zwj": "\u{200D}", "zwnj": "\u{200C}", "shy": "\u{AD}", "iexcl": "\u{A1}",
        "iquest": "\u{BF}", "eacute": "\u{E9}", "egrave": "\u{E8}", "aacute": "\u{E1}", "agrave": "\u{E0}",
        "ouml": "\u{F6}", "uuml": "\u{FC}", "auml": "\u{E4}", "ccedil": "\u{E7}", "ntilde": "\u{F1}",
        "szlig": "\u{DF}", "prime": "\u{2032}", "Prime": "\u{2033}", "permil": "\u{2030}", "micro": "\u{B5}",
    ]

    /// Decodes the reference starting at `b[i]` (which is "&"). Returns the text
    /// and the number of source bytes used, or nil when it is not a reference.
    static func decode(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (text: [UInt8], length: Int)? {
        var j = i + 1
        let limit = min(b.count, i + 40)
        while j < limit, b[j] != 0x3B, b[j] != 0x26, b[j] != 0x20, b[j] != 0x3C { j += 1 }
        guard j < limit, b[j] == 0x3B, j > i + 1 else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<j]), as: UTF8.self)
        let length = j - i + 1
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits, radix: 10)
            }
            // Invalid or NUL references become U+FFFD, as browsers do.
            guard let value else { return nil }
            let scalar = (value == 0 ? nil : Unicode.Scalar(value)) ?? "\u{FFFD}"
            return (Array(String(scalar).utf8), length)
        }
        guard let text = named[name] else { return nil }
        return (Array(text.utf8), length)
    }
}
