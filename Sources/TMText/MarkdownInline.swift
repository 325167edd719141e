/// Turns Markdown inline markup into plain text: emphasis marks, code ticks,
/// links and images (their text is kept), inline HTML tags and escapes are
/// removed; entities are decoded. Written by hand because no Markdown library
/// in this project's dependencies reports where each character came from,
/// which segment offsets need.
enum MarkdownInline {
    static func strip(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, base: Int, into out: inout BlockTextBuilder) {
        var i = range.lowerBound
        let end = range.upperBound
        var runStart = i
        func flushRun(_ upTo: Int) {
            if upTo > runStart { out.append(verbatim: UnsafeBufferPointer(rebasing: b[runStart..<upTo]), at: base + runStart) }
        }
        while i < end {
            let c = b[i]
            switch c {
            case 0x5C where i + 1 < end && isASCIIPunctuation(b[i + 1]):  // \*
                flushRun(i)
                runStart = i + 1
                i += 2
            case 0x60:  // `code`
                var ticks = 0
                while i + ticks < end, b[i + ticks] == 0x60 { ticks += 1 }
                if let close = findTicks(b, ticks, from: i + ticks, end: end) {
                    flushRun(i)
                    out.append(verbatim: UnsafeBufferPointer(rebasing: b[(i + ticks)..<close]), at: base + i + ticks)
                    i = close + ticks
                    runStart = i
                } else {
                    i += ticks
                }
            case 0x21 where i + 1 < end && b[i + 1] == 0x5B,  // ![alt](src)
                 0x5B:                                         // [text](url), [text][ref], [^note]
                let open = c == 0x21 ? i + 1 : i
                guard let link = parseLink(b, open: open, end: end) else { i += 1; continue }
                flushRun(i)
                if !link.isFootnote {
                    strip(b, link.text, base: base, into: &out)
                }
                i = link.end
                runStart = i
            case 0x3C:  // <tag>, <https://autolink>
                guard let close = b[(i + 1)..<end].firstIndex(of: 0x3E) else { i += 1; continue }
                let inner = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<close]), as: UTF8.self)
                if inner.hasPrefix("http://") || inner.hasPrefix("https://") || inner.hasPrefix("mailto:") {
                    flushRun(i)
                    out.append(verbatim: UnsafeBufferPointer(rebasing: b[(i + 1)..<close]), at: base + i + 1)
                } else if looksLikeTag(inner) {
                    flushRun(i)
                } else {
                    i += 1
                    continue
                }
                i = close + 1
                runStart = i
            case 0x26:  // &amp;
                if let entity = HTMLEntities.decode(b, at: i), i + entity.length <= end {
                    flushRun(i)
                    out.append(replacement: entity.text, for: (base + i)..<(base + i + entity.length))
                    i += entity.length
                    runStart = i
                } else {
                    i += 1
                }
            case 0x2A, 0x5F, 0x7E:  // * _ ~ emphasis and strikethrough
                var n = 0
                while i + n < end, b[i + n] == c { n += 1 }
                let before: UInt8 = i > range.lowerBound ? b[i - 1] : 0x20
                let after: UInt8 = i + n < end ? b[i + n] : 0x20
                let spaceBefore = before == 0x20 || before == 0x09
                let spaceAfter = after == 0x20 || after == 0x09
                let intraword = isAlnum(before) && isAlnum(after)
                let isDelimiter = !(spaceBefore && spaceAfter) && !(c == 0x5F && intraword) && !(c == 0x7E && n < 2)
                if isDelimiter {
                    flushRun(i)
                    runStart = i + n
                }
                i += n
            default:
                i += 1
            }
        }
        flushRun(end)
    }

    private static func isASCIIPunctuation(_ c: UInt8) -> Bool {
        (0x21...0x2F).contains(c) || (0x3A...0x40).contains(c) || (0x5B...0x60).contains(c) || (0x7B...0x7E).contains(c)
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c >= 0x80
    }

    private static func findTicks(_ b: UnsafeBufferPointer<UInt8>, _ ticks: Int, from: Int, end: Int) -> Int? {
        var i = from
        while i < end {
            if b[i] == 0x60 {
                var n = 0
                while i + n < end, b[i + n] == 0x60 { n += 1 }
                if n == ticks { return i }
                i += n
            } else {
                i += 1
            }
        }
        return nil
    }

    private struct Link { var text: Range<Int>; var end: Int; var isFootnote: Bool }

    /// "[text](dest)", "[text][ref]", "[text][]"; "[^id]" is a footnote marker.
    private static func parseLink(_ b: UnsafeBufferPointer<UInt8>, open: Int, end: Int) -> Link? {
        var depth = 0
        var i = open
        var close: Int?
        while i < end {
            if b[i] == 0x5C { i += 2; continue }
            if b[i] == 0x5B { depth += 1 }
            if b[i] == 0x5D { depth -= 1; if depth == 0 { close = i; break } }
            i += 1
        }
        guard let close else { return nil }
        let text = (open + 1)..<close
        if open + 1 < end, b[open + 1] == 0x5E, b[open] == 0x5B { return Link(text: text, end: close + 1, isFootnote: true) }
        guard close + 1 < end else { return nil }
        let opener = b[close + 1]
        let closer: UInt8 = opener == 0x28 ? 0x29 : (opener == 0x5B ? 0x5D : 0)
        guard closer != 0 else { return nil }
        var nesting = 0
        var j = close + 1
        while j < end {
            if b[j] == opener { nesting += 1 }
            if b[j] == closer { nesting -= 1; if nesting == 0 { return Link(text: text, end: j + 1, isFootnote: false) } }
            j += 1
        }
        return nil
    }

    private static func looksLikeTag(_ inner: String) -> Bool {
        guard let first = inner.unicodeScalars.first else { return false }
        return first == "/" || first == "!" || (first.properties.isAlphabetic && first.isASCII)
    }
}
