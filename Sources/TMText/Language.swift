/// The two languages TMKit pairs.
public enum Language: String, Sendable, Codable, CaseIterable {
    case en, zh

    /// Detects the language of a text from its share of Han characters: each Han
    /// character and each Latin word is one unit (as in word counts); the text is
    /// Chinese when Han characters make up at least `hanShare` of the units.
    public static func detect(_ text: String, hanShare: Double = 0.4) -> Language {
        var copy = text
        return copy.withUTF8 { detect(bytes: $0, hanShare: hanShare) }
    }

    /// Like `detect(_:)`, over UTF-8 bytes.
    public static func detect(bytes: UnsafeBufferPointer<UInt8>, hanShare: Double = 0.4) -> Language {
        let (han, latinWords) = units(bytes: bytes)
        let total = han + latinWords
        guard total > 0 else { return .en }
        return Double(han) / Double(total) >= hanShare ? .zh : .en
    }

    /// The text's Han (and other CJK) characters and its Latin words (digits included), as `detect` counts them.
    public static func units(in text: String) -> (han: Int, latinWords: Int) {
        var copy = text
        return copy.withUTF8 { units(bytes: $0) }
    }

    public static func units(bytes: UnsafeBufferPointer<UInt8>) -> (han: Int, latinWords: Int) {
        var han = 0, latinWords = 0
        var inWord = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                // ASCII fast path.
                let c = UInt32(byte)
                if Chars.isASCIIAlnum(c) {
                    if !inWord { latinWords += 1 }
                    inWord = true
                } else if c != 0x27 && c != 0x2D {
                    inWord = false
                }
                i += 1
                continue
            }
            let (c, length) = Chars.scalar(bytes, at: i)
            i += length
            if Chars.isHan(c) || Chars.isOtherCJK(c) {
                han += 1
                inWord = false
            } else if Chars.isLetter(c) || Chars.isDigit(c) {
                if !inWord { latinWords += 1 }
                inWord = true
            } else if c != 0x27 && c != 0x2019 && c != 0x2D {
                inWord = false
            }
        }
        return (han, latinWords)
    }
}
