import Foundation

/// Splits a block of English, Chinese or mixed text into sentences.
///
/// ICU's sentence break iterator proposes boundaries; the rules here accept,
/// drop or move them where ICU is known to be wrong for news text:
/// abbreviations and initials, ellipses, inline lists, Chinese quote
/// attribution, book titles in 《》, URLs and sentences glued together.
/// Every line break ends a segment.
///
/// Ranges are UTF-8 byte offsets into the block and never include the white
/// space between sentences, so sentences plus gaps reproduce the block.
/// Not thread-safe (it owns an ICU iterator): use one per thread.
public final class Segmenter {
    private let icu: BreakIterator

    public init() throws {
        // Root rules: the same for English and Chinese (。！？ are sentence
        // terminators there); the rules below add what the locale tailoring
        // would, and more.
        icu = try BreakIterator(.sentence, locale: "en")
    }

    /// Sentence ranges (UTF-8 byte offsets) in `text`.
    public func sentenceRanges(in text: String) -> [Range<Int>] {
        var copy = text
        return copy.withUTF8 { sentenceRanges(in: $0) }
    }

    /// The sentences of `text`, trimmed of surrounding white space.
    public func sentences(in text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { bytes in
            sentenceRanges(in: bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        }
    }

    /// Sentence ranges (UTF-8 byte offsets) in `bytes`, which must be valid UTF-8.
    public func sentenceRanges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let n = bytes.count
        guard n > 0 else { return [] }
        let context = BlockContext(bytes)
        var boundaries: [Int] = [0]
        boundaries.reserveCapacity(n / 64 + 4)
        var listSplits = context.extraSplits[...]
        icu.forEachBoundary(in: bytes) { p in
            guard p < n else { return }
            // List items and glued sentences are proposed boundaries too; keep the order.
            while let s = listSplits.first, s <= p {
                if s > boundaries.last! { boundaries.append(s) }
                listSplits.removeFirst()
            }
            if let q = context.decide(p, sentenceStart: boundaries.last!), q > boundaries.last! {
                boundaries.append(q)
            }
        }
        for s in listSplits where s > boundaries.last! { boundaries.append(s) }
        boundaries.append(n)

        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(boundaries.count)
        for k in 0..<(boundaries.count - 1) {
            var a = boundaries[k], b = boundaries[k + 1]
            while a < b {
                let (c, len) = Chars.scalar(bytes, at: a)
                if !Chars.isWhitespace(c) { break }
                a += len
            }
            while b > a {
                let (c, start) = Chars.scalar(bytes, before: b)
                if !Chars.isWhitespace(c) { break }
                b = start
            }
            if a < b { ranges.append(a..<b) }
        }
        return ranges
    }
}

/// Everything the rules need to know about one block.
private struct BlockContext {
    let b: UnsafeBufferPointer<UInt8>
    let list: InlineList
    /// Ranges inside 《…》 or 〈…〉: a title's own punctuation ends nothing.
    let titleSpans: [Range<Int>]
    /// Boundaries ICU does not propose: inline list items, sentences glued
    /// together without a space ("world.Today").
    private(set) var extraSplits: [Int] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        b = bytes
        list = InlineList(bytes)
        titleSpans = BlockContext.findTitleSpans(bytes)
        let glued = gluedSentenceEnds()
        extraSplits = glued.isEmpty ? list.splits : (list.splits + glued).sorted()
    }

    /// Periods directly followed by a capitalized word that end a sentence.
    private func gluedSentenceEnds() -> [Int] {
        guard let base = b.baseAddress else { return [] }
        var result: [Int] = []
        var i = 0
        while i < b.count, let hit = memchr(base + i, 0x2E, b.count - i) {
            let dot = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if dot + 2 < b.count, Chars.isASCIIUpper(UInt32(b[dot + 1])), isGluedSentenceEnd(at: dot) {
                result.append(dot + 1)
            }
            i = dot + 1
        }
        return result
    }

    /// "world.Today", "1,000.That": a sentence end with the space missing, and
    /// not a domain, e-mail address, URL, file name or abbreviation.
    func isGluedSentenceEnd(at dot: Int) -> Bool {
        let n = b.count
        guard dot > 1, dot + 2 < n else { return false }
        let before = UInt32(b[dot - 1])
        guard Chars.isASCIILower(before) || Chars.isASCIIDigit(before),
              Chars.isASCIIUpper(UInt32(b[dot + 1])), Chars.isASCIILower(UInt32(b[dot + 2])) else { return false }
        var start = dot
        while start > 0, !Chars.isWhitespace(UInt32(b[start - 1])) { start -= 1 }
        var end = dot + 1
        while end < n, !Chars.isWhitespace(UInt32(b[end])) { end += 1 }
        for i in start..<end {
            switch b[i] {
            case 0x40, 0x2F, 0x5C, 0x3A, 0x3D, 0x26, 0x23, 0x5F: return false  // @ / \ : = & # _
            default: continue
            }
        }
        // The word before: letters or digits (with thousands separators) only, no earlier period.
        var wordStart = dot
        while wordStart > start {
            let c = UInt32(b[wordStart - 1])
            guard Chars.isASCIIAlnum(c) || c == 0x2C else { break }
            wordStart -= 1
        }
        if wordStart > start && b[wordStart - 1] == 0x2E { return false }
        if let key = WordKey(b, wordStart..<dot, lowercased: true), Abbreviations.kinds[key] != nil { return false }
        // The word after: letters, then white space or punctuation other than a period.
        var k = dot + 1
        while k < n, Chars.isASCIILetter(UInt32(b[k])) { k += 1 }
        let after = WordKey(b, (dot + 1)..<k, lowercased: true)
        if let after, Abbreviations.topLevelDomains.contains(after) { return false }  // "Example.Com"
        if k < n, b[k] == 0x2E {
            // "Tuesday.Mr. Smith": a title may follow; other dotted words are names or files.
            return after.flatMap { Abbreviations.kinds[$0]?.contains(.neverFinal) } ?? false
        }
        if k < n, b[k] == 0x40 || Chars.isASCIIDigit(UInt32(b[k])) { return false }
        return true
    }

    // MARK: - The decision for one proposed boundary

    /// Returns where the boundary proposed at `p` goes, or nil to drop it.
    func decide(_ proposed: Int, sentenceStart: Int) -> Int? {
        let n = b.count
        // ICU counts opening quotes and brackets after a terminal as closing
        // punctuation ("模型。“这是…"): they belong to the next sentence.
        var p = proposed
        while p > sentenceStart {
            let (c, s) = Chars.scalar(b, before: p)
            guard Chars.isOpener(c) && !Chars.isCloser(c) else { break }
            p = s
        }
        // White space that ICU attached to the sentence before p.
        var e = p
        var lineBreak = false
        while e > 0 {
            let (c, s) = Chars.scalar(b, before: e)
            guard Chars.isWhitespace(c) else { break }
            if Chars.isLineBreak(c) { lineBreak = true }
            e = s
        }
        if e <= sentenceStart { return nil }
        // Start of the next sentence.
        var next = p
        while next < n {
            let (c, len) = Chars.scalar(b, at: next)
            guard Chars.isWhitespace(c) else { break }
            if Chars.isLineBreak(c) { lineBreak = true }
            next += len
        }
        if next >= n { return nil }
        // Every line break ends a segment: a line without final punctuation
        // is a heading or a byline, and one with it has ended its sentence.
        if lineBreak { return p }

        // Closing quotes and brackets, then the terminal punctuation.
        var closersStart = e
        var closedByQuote = false
        while closersStart > sentenceStart {
            let (c, s) = Chars.scalar(b, before: closersStart)
            guard Chars.isCloser(c) else { break }
            if Chars.isClosingQuote(c) { closedByQuote = true }
            closersStart = s
        }
        let terminal = terminalRun(endingAt: closersStart, notBefore: sentenceStart)

        if !terminal.isEmpty && inTitle(terminal.start) { return nil }

        if terminal.isEmpty {
            // No final punctuation: ICU broke at a line end (or after an odd closer).
            return p
        }

        let last = terminal.lastScalar
        // "example.com/x?Id=1", "Yahoo!Inc": punctuation inside a token,
        // unless it is a sentence end with the space missing ("1,000.That").
        if e == p && last < 0x80 && closersStart == e {
            let (after, _) = Chars.scalar(b, at: p)
            let (before, _) = Chars.scalar(b, before: terminal.start)
            if Chars.isASCIIAlnum(after) && Chars.isASCIIAlnum(before) {
                return last == 0x2E && isGluedSentenceEnd(at: closersStart - 1) ? p : nil
            }
        }

        if terminal.dots > 0 && terminal.dots == terminal.scalars {
            switch terminal.dots {
            case 1:
                return abbreviationDecision(p, dot: terminal.start, next: next, sentenceStart: sentenceStart)
            case 3 where !terminal.hasEllipsisChar:
                // A spaced ellipsis (". . .") stays inside the sentence; "..." before
                // a capitalized word ends it.
                if !terminal.spaced && e == closersStart && e < p
                    && Chars.isASCIIUpper(Chars.scalar(b, at: next).value) { return p }
                return nil
            default:
                // "compounds. . . . The practice": the attached period ends the
                // sentence and the spaced ellipsis opens the next one.
                if terminal.dots >= 4 && terminal.firstDotAttached && terminal.spaced {
                    let moved = terminal.start + 1
                    return moved > sentenceStart ? moved : p
                }
                return p
            }
        }

        if last == 0x21 || last == 0x3F {
            // "Yahoo! in the accounting department", "“Really?” she asked.", "voilà! -- cake"
            if startsWithLowercaseWord(next) || startsWithConnectingPunctuation(next) { return nil }
        }
        if closedByQuote && isChineseAttribution(next) { return nil }
        return p
    }

    /// Rules for a single period after a word: abbreviations, initials, list markers.
    private func abbreviationDecision(_ p: Int, dot: Int, next: Int, sentenceStart: Int) -> Int? {
        if list.isMarker(dot) { return nil }
        // The word before the period, without opening quotes or brackets.
        var wordStart = dot
        while wordStart > sentenceStart {
            let (c, s) = Chars.scalar(b, before: wordStart)
            if Chars.isWhitespace(c) || Chars.isOpener(c) && !Chars.isClosingQuote(c) { break }
            wordStart = s
        }
        while wordStart < dot {
            let (c, len) = Chars.scalar(b, at: wordStart)
            guard Chars.isOpener(c) else { break }
            wordStart += len
        }
        guard wordStart < dot else { return p }
        let word = wordStart..<dot
        let nextFirst = firstLetterOrDigit(from: next)
        var nextIsOpener: Bool {
            guard let run = asciiLetterRun(from: nextFirst.offset), let key = WordKey(b, run, lowercased: false) else { return false }
            return Abbreviations.sentenceOpeners.contains(key)
        }
        let key = WordKey(b, word, lowercased: true)
        let kinds = key.flatMap { Abbreviations.kinds[$0] } ?? []
        if Chars.isDigit(nextFirst.scalar) && kinds.contains(.beforeNumber) { return nil }
        if kinds.contains(.neverFinal) { return nil }
        // Initials: "Jonas E. Smith", but "you and I. Did you…".
        if word.count == 1 {
            let c = UInt32(b[word.lowerBound])
            if Chars.isASCIIUpper(c) {
                if c == 0x49 /* I */ {
                    return previousWordIsCapitalized(before: word.lowerBound, notBefore: sentenceStart) ? nil : p
                }
                return nextIsOpener ? p : nil
            }
        }
        if kinds.contains(.mayEndSentence) || looksLikeDottedAcronym(word) {
            guard nextIsOpener else { return nil }
            if kinds.contains(.clockTime) && isIntroductoryPhrase(sentenceStart, upTo: word.lowerBound) {
                return nil
            }
            return p
        }
        return p
    }

    // MARK: - Helpers

    struct TerminalRun {
        var start: Int
        var scalars = 0
        var dots = 0
        var lastScalar: UInt32 = 0
        var hasEllipsisChar = false
        var spaced = false
        var firstDotAttached = false
        var isEmpty: Bool { scalars == 0 }
    }

    /// The run of terminal punctuation (dots may be spaced: ". . .") ending at `end`.
    private func terminalRun(endingAt end: Int, notBefore floor: Int) -> TerminalRun {
        var run = TerminalRun(start: end)
        var i = end
        while i > floor {
            let (c, s) = Chars.scalar(b, before: i)
            if Chars.isTerminal(c) || c == 0x2026 {
                if run.scalars == 0 { run.lastScalar = c }
                run.scalars += 1
                if c == 0x2E { run.dots += 1 }
                if c == 0x2026 { run.hasEllipsisChar = true }
                i = s
                continue
            }
            // ". . ." : a space between two dots belongs to the run.
            if c == 0x20, s > floor, run.scalars > 0, b[s - 1] == 0x2E, b[i] == 0x2E {
                run.spaced = true
                i = s
                continue
            }
            break
        }
        run.start = i
        if run.scalars > 0 && i > floor {
            let (c, _) = Chars.scalar(b, before: i)
            run.firstDotAttached = !Chars.isWhitespace(c)
        }
        return run
    }

    private func inTitle(_ i: Int) -> Bool {
        for span in titleSpans where span.contains(i) { return true }
        return false
    }

    private static func findTitleSpans(_ b: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        // 《 is E3 80 8A, 〈 is E3 80 88: skip blocks that have neither.
        guard let base = b.baseAddress else { return [] }
        var hasOpen = false
        var i = 0
        while i + 2 < b.count, let hit = memchr(base + i, 0xE3, b.count - i) {
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0x8A || b[i + 2] == 0x88) { hasOpen = true; break }
            i += 1
        }
        guard hasOpen else { return [] }
        var spans: [Range<Int>] = []
        var stack: [Int] = []
        i = 0
        while i < b.count {
            let (c, len) = Chars.scalar(b, at: i)
            if c == 0x300A || c == 0x3008 {
                stack.append(i + len)
            } else if (c == 0x300B || c == 0x3009), let open = stack.popLast() {
                if stack.isEmpty { spans.append(open..<i) }
            }
            i += len
        }
        return spans
    }

    private func startsWithLowercaseWord(_ next: Int) -> Bool {
        var i = next
        while i < b.count {
            let (c, len) = Chars.scalar(b, at: i)
            if Chars.isOpener(c) { i += len; continue }
            return Chars.isASCIILower(c)
        }
        return false
    }

    private func startsWithConnectingPunctuation(_ next: Int) -> Bool {
        switch Chars.scalar(b, at: next).value {
        case 0x2D, 0x2013, 0x2014, 0x2C, 0x3B, 0x3A: return true  // - – — , ; :
        default: return false
        }
    }

    private func firstLetterOrDigit(from i: Int) -> (scalar: UInt32, offset: Int) {
        var i = i
        while i < b.count {
            let (c, len) = Chars.scalar(b, at: i)
            if !Chars.isOpener(c) { return (c, i) }
            i += len
        }
        return (0, b.count)
    }

    private func asciiLetterRun(from i: Int) -> Range<Int>? {
        var j = i
        while j < b.count && Chars.isASCIILetter(UInt32(b[j])) { j += 1 }
        return j > i ? i..<j : nil
    }

    private func previousWordIsCapitalized(before i: Int, notBefore floor: Int) -> Bool {
        var j = i
        while j > floor, Chars.isWhitespace(UInt32(b[j - 1])) { j -= 1 }
        guard j > floor else { return false }
        var start = j
        while start > floor, !Chars.isWhitespace(UInt32(b[start - 1])) { start -= 1 }
        while start < j, Chars.isOpener(UInt32(b[start])) { start += 1 }
        guard start < j, start > floor else { return false }  // a sentence's first word proves nothing
        return Chars.isASCIIUpper(UInt32(b[start]))
    }

    /// "U.S", "a.m", "Ph.D", "U.S.A": short letter groups joined by periods.
    private func looksLikeDottedAcronym(_ word: Range<Int>) -> Bool {
        var groups = 0, groupLength = 0
        for i in word {
            let c = UInt32(b[i])
            if Chars.isASCIILetter(c) {
                groupLength += 1
                if groupLength > 3 { return false }
            } else if c == 0x2E, groupLength > 0 {
                groups += 1
                groupLength = 0
            } else {
                return false
            }
        }
        return groups >= 1 && groupLength > 0
    }

    /// "At 5 a.m." — a sentence so far made of a preposition and a few words.
    private func isIntroductoryPhrase(_ start: Int, upTo end: Int) -> Bool {
        var i = start
        while i < end, Chars.isWhitespace(UInt32(b[i])) { i += 1 }
        guard let first = asciiLetterRun(from: i), let key = WordKey(b, first, lowercased: false),
              Abbreviations.introPrepositions.contains(key) else { return false }
        var words = 1
        var inWord = true
        for j in first.upperBound..<end {
            let space = Chars.isWhitespace(UInt32(b[j]))
            if !space && !inWord { words += 1 }
            inWord = !space
        }
        return words <= 3
    }

    /// "”他说。" / "」他說，" / "”该公司首席执行官说。": a clause after a closing
    /// quote that ends with a verb of saying (or is very short and has one).
    private func isChineseAttribution(_ next: Int) -> Bool {
        var i = next
        var count = 0
        while i < b.count && count <= 20 {
            let (c, len) = Chars.scalar(b, at: i)
            if Chars.isTerminal(c) || c == 0xFF0C || c == 0x2C || c == 0xFF1A || c == 0x3001 { break }
            if Chars.isOpener(c) { return false }
            i += len
            count += 1
        }
        guard count > 0, count <= 20 else { return false }
        // "”众人答道：“……": a clause that opens a quotation of its own is a new
        // speaker's line, not the attribution of the one before.
        if i < b.count, case let (c, _) = Chars.scalar(b, at: i), c == 0xFF1A || c == 0x3A { return false }
        let clause = String(decoding: UnsafeBufferPointer(rebasing: b[next..<i]), as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        guard clause.unicodeScalars.contains(where: { Chars.isHan($0.value) }) else { return false }
        if Abbreviations.chineseSpeechVerbs.contains(where: { clause.hasSuffix($0) }) { return true }
        return count <= 6 && Abbreviations.chineseSpeechVerbs.contains { clause.contains($0) }
    }
}

/// An inline enumeration inside one block: "1) The first item 2) The second item",
/// "a. … b. … c. …", "• … • …". Markdown and HTML lists arrive as blocks of
/// their own; this covers lists flattened into running text.
struct InlineList {
    /// Offsets where a new item starts.
    private(set) var splits: [Int] = []
    /// Byte ranges of enumerators ("1.", "b.") whose periods end no sentence.
    private var markers: [Range<Int>] = []

    func isMarker(_ i: Int) -> Bool {
        for m in markers where m.contains(i) { return true }
        return false
    }

    private static let bullets: Set<UInt32> = [0x2022, 0x2043, 0x25E6, 0x25AA, 0x2023, 0x25CF]

    init(_ b: UnsafeBufferPointer<UInt8>) {
        var i = 0
        while i < b.count, Chars.isWhitespace(UInt32(b[i])) { i += 1 }
        guard i < b.count else { return }
        let first = Chars.scalar(b, at: i)
        let bullet: UInt32? = InlineList.bullets.contains(first.value) ? first.value : nil
        var j = i
        if bullet != nil {
            j += first.length
            while j < b.count, b[j] == 0x20 { j += 1 }
        }
        var leadIn: Int?
        var start = j
        if bullet == nil && InlineList.enumerator(b, at: j) == nil {
            // "Here is the list: 1. apples 2. oranges": a list after a colon.
            guard let afterColon = InlineList.listAfterColon(b) else { return }
            leadIn = afterColon
            start = afterColon
        }
        guard let marker = InlineList.enumerator(b, at: start) else {
            if let bullet { splits = InlineList.occurrences(of: bullet, in: b, after: j) }
            return
        }
        // A lone letter is as likely an initial as a list: it needs a successor.
        markers.append(marker.range)
        var value = marker.value
        var pos = marker.range.upperBound
        var found: [Int] = []
        while let nextItem = InlineList.find(value: InlineList.successor(value), style: marker.style, bullet: bullet, in: b, from: pos) {
            found.append(nextItem.split)
            markers.append(nextItem.marker)
            value = InlineList.successor(value)
            pos = nextItem.marker.upperBound
        }
        if found.isEmpty, leadIn != nil || marker.value != .number(1) && marker.value.isLetter {
            markers.removeAll()
            return
        }
        splits = (leadIn.map { [$0] } ?? []) + found
    }

    /// The offset of "1." / "1)" / "a." right after ": " in the block, if any.
    private static func listAfterColon(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = b.baseAddress else { return nil }
        var i = 0
        while i < b.count, let hit = memchr(base + i, 0x3A, b.count - i) {
            let colon = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var k = colon + 1
            while k < b.count, b[k] == 0x20 { k += 1 }
            if k > colon + 1, k < b.count, b[k] == 0x31 || b[k] == 0x61, enumerator(b, at: k) != nil { return k }
            i = colon + 1
        }
        return nil
    }

    enum Value: Equatable {
        case number(Int), letter(UInt8)
        var isLetter: Bool { if case .letter = self { return true } else { return false } }
    }

    private static func successor(_ v: Value) -> Value {
        switch v {
        case .number(let k): return .number(k + 1)
        case .letter(let c): return .letter(c + 1)
        }
    }

    /// Parses "12.", "12)", "12.)", "a." at `i`; it must be followed by a space.
    private static func enumerator(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: Value, style: [UInt8], range: Range<Int>)? {
        var j = i
        var number = 0
        while j < b.count, j - i < 3, Chars.isASCIIDigit(UInt32(b[j])) {
            number = number * 10 + Int(b[j] - 0x30)
            j += 1
        }
        let value: Value
        if j > i {
            value = .number(number)
        } else if j < b.count, Chars.isASCIILower(UInt32(b[j])) {
            value = .letter(b[j])
            j += 1
        } else {
            return nil
        }
        let styleStart = j
        if j < b.count, b[j] == 0x2E { j += 1 }
        if j < b.count, b[j] == 0x29 { j += 1 }
        guard j > styleStart, j < b.count, b[j] == 0x20 else { return nil }
        return (value, Array(b[styleStart..<j]), i..<j)
    }

    /// The next item "<bullet?> <value><style> " preceded by white space.
    private static func find(value: Value, style: [UInt8], bullet: UInt32?, in b: UnsafeBufferPointer<UInt8>, from start: Int)
        -> (split: Int, marker: Range<Int>)? {
        var label: [UInt8]
        switch value {
        case .number(let k): label = Array(String(k).utf8)
        case .letter(let c): label = [c]
        }
        label += style
        var i = start
        while i + label.count < b.count {
            defer { i += 1 }
            guard b[i] == label[0], Chars.isWhitespace(UInt32(b[i - 1])) || bullet != nil else { continue }
            var matches = true
            for (k, byte) in label.enumerated() where b[i + k] != byte { matches = false; break }
            guard matches, b[i + label.count] == 0x20 else { continue }
            // The character before the label: a space, or the bullet (with optional spaces).
            var split = i
            var j = i
            while j > start, b[j - 1] == 0x20 { j -= 1 }
            if let bullet {
                let (c, s) = Chars.scalar(b, before: j)
                guard c == bullet else { continue }
                split = s
            } else if j == i {
                continue
            }
            if case .number = value, i > 0, Chars.isASCIIDigit(UInt32(b[i - 1])) { continue }
            return (split, i..<(i + label.count))
        }
        return nil
    }

    private static func occurrences(of bullet: UInt32, in b: UnsafeBufferPointer<UInt8>, after start: Int) -> [Int] {
        var result: [Int] = []
        var i = start
        while i < b.count {
            let (c, len) = Chars.scalar(b, at: i)
            if c == bullet && i > 0 && Chars.isWhitespace(UInt32(b[i - 1])) { result.append(i) }
            i += len
        }
        return result
    }
}
