/// What a token is.
public enum TokenKind: String, Sendable, Codable {
    /// A Latin-script (or other alphabetic) word, with hyphens, apostrophes and dotted acronyms inside.
    case word
    /// A number: digits with separators, an optional currency sign and percent sign.
    case number
    /// One Han (or kana, Hangul) character.
    case han
    /// A Chinese dictionary word from ICU's word breaker.
    case chineseWord
    /// Punctuation or a symbol.
    case punctuation
}

public struct Token: Sendable, Equatable {
    public var text: String
    /// UTF-8 byte offsets in the tokenized string.
    public var range: Range<Int>
    public var kind: TokenKind

    /// The word without an English possessive ending: "Amazon's" → "Amazon", "regulators'" → "regulators".
    public var withoutPossessive: String {
        for suffix in ["'s", "’s", "'S", "’S"] where text.hasSuffix(suffix) && text.count > 2 {
            return String(text.dropLast(2))
        }
        if text.count > 2, let last = text.last, last == "'" || last == "’", text.dropLast().last == "s" {
            return String(text.dropLast())
        }
        return text
    }
}

/// Splits text into tokens. English words keep their inner hyphens,
/// apostrophes (contractions, possessives) and acronym periods; numbers keep
/// separators, a leading currency sign and a trailing percent sign; each Han
/// character is a token of its own.
public enum Tokenizer {
    public static func tokens(_ text: String, includePunctuation: Bool = false) -> [Token] {
        var copy = text
        return copy.withUTF8 { tokens(in: $0, includePunctuation: includePunctuation) }
    }

    static func tokens(in b: UnsafeBufferPointer<UInt8>, includePunctuation: Bool) -> [Token] {
        var result: [Token] = []
        forEachToken(in: b, includePunctuation: includePunctuation) { r, kind in
            result.append(Token(text: String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self), range: r, kind: kind))
        }
        return result
    }

    /// Calls `body` with the UTF-8 range and kind of each token, building no strings.
    public static func forEachToken(in b: UnsafeBufferPointer<UInt8>, includePunctuation: Bool = false,
                                    _ body: (Range<Int>, TokenKind) -> Void) {
        var i = 0
        let n = b.count
        while i < n {
            let (c, len) = Chars.scalar(b, at: i)
            if c < 0x80 && !Chars.isASCIIAlnum(c) && c != 0x24 {
                // ASCII space and punctuation: the common case, decided at once.
                if includePunctuation && !Chars.isWhitespace(c) { body(i..<(i + 1), .punctuation) }
                i += 1
            } else if Chars.isHan(c) || Chars.isOtherCJK(c) {
                body(i..<(i + len), .han)
                i += len
            } else if isCurrency(c), i + len < n, Chars.isDigit(Chars.scalar(b, at: i + len).value) {
                let end = scanNumber(b, from: i + len)
                body(i..<end, .number)
                i = end
            } else if Chars.isDigit(c) {
                let end = scanNumber(b, from: i)
                // "5G", "3D", "H100": digits running into letters make one word.
                if end < n, Chars.isLetter(Chars.scalar(b, at: end).value), !Chars.isHan(Chars.scalar(b, at: end).value) {
                    let wordEnd = scanWord(b, from: end)
                    body(i..<wordEnd, .word)
                    i = wordEnd
                } else {
                    body(i..<end, .number)
                    i = end
                }
            } else if Chars.isLetter(c) {
                let end = scanWord(b, from: i)
                body(i..<end, .word)
                i = end
            } else {
                if includePunctuation && !Chars.isWhitespace(c) { body(i..<(i + len), .punctuation) }
                i += len
            }
        }
    }

    /// Chinese words from ICU's dictionary-based word breaker (Latin words and
    /// numbers inside come out whole; punctuation and spaces are left out).
    /// For many texts, keep one `ChineseWordBreaker` instead.
    public static func chineseWords(_ text: String) -> [Token] {
        (try? ChineseWordBreaker())?.words(text) ?? tokens(text)
    }

    private static func isCurrency(_ c: UInt32) -> Bool {
        c == 0x24 || c == 0xA3 || c == 0xA5 || c == 0x20AC || c == 0xFFE5 || c == 0xFF04
    }

    /// Digits with "," or "." between digits, then an optional "%".
    private static func scanNumber(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        while i < b.count {
            let (c, len) = Chars.scalar(b, at: i)
            if Chars.isDigit(c) { i += len; continue }
            if (c == 0x2C || c == 0x2E), i + len < b.count, Chars.isDigit(Chars.scalar(b, at: i + len).value) {
                i += len
                continue
            }
            if c == 0x25 || c == 0xFF05 { i += len }
            break
        }
        return i
    }

    /// Letters and digits, joined by a hyphen or apostrophe between them;
    /// a dotted acronym ("U.S.") keeps its periods.
    private static func scanWord(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        var letterGroup = 0
        var dottedGroups = 0
        while i < b.count {
            let (c, len) = Chars.scalar(b, at: i)
            if (Chars.isLetter(c) && !Chars.isHan(c) && !Chars.isOtherCJK(c)) || Chars.isDigit(c) || isMark(c) {
                letterGroup += 1
                i += len
                continue
            }
            let next = i + len < b.count ? Chars.scalar(b, at: i + len).value : 0
            let nextIsWordChar = (Chars.isLetter(next) && !Chars.isHan(next)) || Chars.isDigit(next)
            if (c == 0x2D || c == 0x27 || c == 0x2019 || c == 0x2010) && nextIsWordChar {
                letterGroup = 0
                i += len
                continue
            }
            // U.S. / a.m. : single letters separated by periods.
            if c == 0x2E, letterGroup == 1, Chars.isASCIILetter(next) || dottedGroups > 0 {
                let following = i + len + 1 < b.count ? Chars.scalar(b, at: i + len + 1).value : 0
                if dottedGroups > 0 || following == 0x2E {
                    dottedGroups += 1
                    letterGroup = 0
                    i += len
                    continue
                }
            }
            // A possessive apostrophe after a plural: "regulators'".
            if (c == 0x27 || c == 0x2019), i > start, b[i - 1] == 0x73, !nextIsWordChar {
                i += len
            }
            break
        }
        return i
    }

    private static func isMark(_ c: UInt32) -> Bool {
        (0x0300...0x036F).contains(c)
    }
}

/// Word counts as the translation trade counts them: an English word (with
/// its hyphens and apostrophes) or a number is one unit; each Han character is
/// one unit; a Latin word or a number inside Chinese is one unit.
public enum WordCounter {
    public static func count(_ text: String) -> Int {
        Tokenizer.tokens(text).count
    }
}

/// ICU's dictionary-based Chinese word breaker, opened once and reused
/// (opening it costs more than breaking a sentence). Not thread-safe.
public final class ChineseWordBreaker {
    private let breaker: BreakIterator

    public init() throws { breaker = try BreakIterator(.word, locale: "zh") }

    /// The words of `text` (spaces and punctuation left out).
    public func words(_ text: String) -> [Token] {
        var copy = text
        return copy.withUTF8 { b in
            var result: [Token] = []
            var start = 0
            breaker.forEachBoundaryWithStatus(in: b) { end, status in
                defer { start = end }
                guard status != 0 else { return }  // UBRK_WORD_NONE: spaces and punctuation
                let kind: TokenKind = status >= 400 ? .chineseWord : (status < 200 ? .number : .word)
                result.append(Token(text: String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self),
                                    range: start..<end, kind: kind))
            }
            return result
        }
    }
}
