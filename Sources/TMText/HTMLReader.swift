import Foundation

/// Blocks of an HTML article: the title, headings, paragraphs, list items and
/// block quotes, with tags removed, white space collapsed and entities decoded.
/// Scripts, styles, navigation, forms and other page furniture are dropped.
///
/// A small tag scanner written by hand: articles are rarely well-formed XML
/// (so FoundationXML's parser refuses them), and no HTML parser is among the
/// project's dependencies. It never executes or interprets anything.
struct HTMLReader: BlockReader {
    static let maxBytes = 64 << 20

    private var blocks: [Block] = []
    private var position = 0

    init(path: String) throws {
        let (bytes, offset) = try LineSource.readWhole(path: path, limit: HTMLReader.maxBytes)
        blocks = HTMLReader.parse(bytes, offset: offset)
    }

    init(bytes: [UInt8], name: String) throws {
        let (data, offset) = try LineSource.readWhole(bytes: bytes, name: name, limit: HTMLReader.maxBytes)
        blocks = HTMLReader.parse(data, offset: offset)
    }

    mutating func nextBlock() throws -> Block? {
        guard position < blocks.count else { return nil }
        defer { position += 1 }
        return blocks[position]
    }

    /// Elements whose content is never article text.
    static let skipped: Set<String> = [
        "script", "style", "nav", "noscript", "template", "svg", "math", "iframe", "object", "form",
        "button", "select", "textarea", "aside", "footer", "canvas", "audio", "video", "map",
    ]
    /// Elements whose content is raw text up to their end tag.
    static let rawText: Set<String> = ["script", "style", "textarea", "noscript", "template", "svg", "math"]
    /// Elements that start and end blocks.
    static let blockElements: Set<String> = [
        "title", "h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "section", "article", "main", "header",
        "li", "dt", "dd", "td", "th", "caption", "figcaption", "blockquote", "pre", "hr", "table", "tr",
        "ul", "ol", "dl", "figure", "address", "summary", "details", "body", "html", "head", "tbody", "thead",
    ]
    static let voidElements: Set<String> = ["br", "hr", "img", "meta", "link", "input", "wbr", "source", "area", "base", "col", "embed", "param", "track"]

    private static func parse(_ data: [UInt8], offset: Int) -> [Block] {
        data.withUnsafeBufferPointer { buffer in
            var parser = Parser(b: buffer, base: offset)
            return parser.run()
        }
    }

    private struct Parser {
        let b: UnsafeBufferPointer<UInt8>
        let base: Int
        var out: [Block] = []
        var builder = BlockTextBuilder()
        var open: [String] = []       // open block elements, outermost first
        var skipName: String?
        var skipDepth = 0
        var sawTitle = false
        var lineCount = 1
        var linePosition = 0
        var blockLine = 1
        var pendingSpace: Range<Int>?

        init(b: UnsafeBufferPointer<UInt8>, base: Int) {
            self.b = b
            self.base = base
        }

        mutating func run() -> [Block] {
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c == 0x3C, let next = tag(at: i) {
                    i = next
                    continue
                }
                if skipName != nil { i += 1; continue }
                if c == 0x26, let entity = HTMLEntities.decode(b, at: i) {
                    text(entity.text, source: i..<(i + entity.length))
                    i += entity.length
                    continue
                }
                if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C {
                    var j = i
                    while j < n, b[j] == 0x20 || b[j] == 0x0A || b[j] == 0x09 || b[j] == 0x0D || b[j] == 0x0C { j += 1 }
                    if open.contains("pre") {
                        text(Array(b[i..<j]), source: i..<j)
                    } else if !builder.isEmpty {
                        pendingSpace = i..<j
                    }
                    i = j
                    continue
                }
                var j = i + 1
                while j < n, b[j] != 0x3C, b[j] != 0x26, b[j] > 0x20 { j += 1 }
                text(nil, source: i..<j)
                i = j
            }
            flush()
            return out
        }

        /// Appends text: decoded bytes, or the source range verbatim when `decoded` is nil.
        mutating func text(_ decoded: [UInt8]?, source: Range<Int>) {
            if builder.isEmpty { blockLine = line(at: source.lowerBound) }
            if let space = pendingSpace, !builder.isEmpty {
                builder.append(replacement: [0x20], for: (base + space.lowerBound)..<(base + space.upperBound))
            }
            pendingSpace = nil
            if let decoded {
                builder.append(replacement: decoded, for: (base + source.lowerBound)..<(base + source.upperBound))
            } else {
                builder.append(verbatim: UnsafeBufferPointer(rebasing: b[source]), at: base + source.lowerBound)
            }
        }

        mutating func line(at position: Int) -> Int {
            while linePosition < position {
                if b[linePosition] == 0x0A { lineCount += 1 }
                linePosition += 1
            }
            return lineCount
        }

        /// Parses the tag, comment or declaration at `i`; nil when "<" is just text.
        mutating func tag(at i: Int) -> Int? {
            let n = b.count
            if i + 3 < n, b[i + 1] == 0x21, b[i + 2] == 0x2D, b[i + 3] == 0x2D {
                return find([0x2D, 0x2D, 0x3E], from: i + 4).map { $0 + 3 } ?? n
            }
            if i + 1 < n, b[i + 1] == 0x21 || b[i + 1] == 0x3F {
                return find([0x3E], from: i + 1).map { $0 + 1 } ?? n
            }
            var j = i + 1
            let closing = j < n && b[j] == 0x2F
            if closing { j += 1 }
            let nameStart = j
            while j < n, Chars.isASCIIAlnum(UInt32(b[j])) || b[j] == 0x2D { j += 1 }
            guard j > nameStart, Chars.isASCIILetter(UInt32(b[nameStart])) else { return nil }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[nameStart..<j]), as: UTF8.self).lowercased()
            // Attributes, honouring quotes; the tag ends at the first ">" outside them.
            var quote: UInt8 = 0
            let attributesStart = j
            while j < n {
                let c = b[j]
                if quote != 0 { if c == quote { quote = 0 } } else if c == 0x22 || c == 0x27 { quote = c } else if c == 0x3E { break }
                j += 1
            }
            let attributes = String(decoding: UnsafeBufferPointer(rebasing: b[attributesStart..<min(j, n)]), as: UTF8.self).lowercased()
            let end = min(j + 1, n)
            let selfClosing = j > 0 && j <= n && b[j - 1] == 0x2F

            if let skipping = skipName {
                if name == skipping {
                    skipDepth += closing ? -1 : (selfClosing ? 0 : 1)
                    if skipDepth <= 0 { skipName = nil; skipDepth = 0 }
                }
                return end
            }
            if !closing {
                let isNavigation = attributes.contains("role=\"navigation\"") || attributes.contains("aria-hidden=\"true\"")
                    || attributes.range(of: #"(^|\s)hidden(\s|=|$)"#, options: .regularExpression) != nil
                if HTMLReader.rawText.contains(name) {
                    flush()
                    return skipRawText(name, from: end)
                }
                if (HTMLReader.skipped.contains(name) || isNavigation) && !selfClosing && !HTMLReader.voidElements.contains(name) {
                    flush()
                    skipName = name
                    skipDepth = 1
                    return end
                }
            }
            if name == "br" {
                if !builder.isEmpty {
                    pendingSpace = nil
                    builder.append(replacement: [0x0A], for: (base + i)..<(base + end))
                }
                return end
            }
            if HTMLReader.blockElements.contains(name) {
                flush()
                if closing {
                    if let k = open.lastIndex(of: name) { open.removeSubrange(k...) }
                } else if !HTMLReader.voidElements.contains(name) && !selfClosing {
                    open.append(name)
                }
            }
            return end
        }

        mutating func skipRawText(_ name: String, from start: Int) -> Int {
            let closing = Array("</\(name)".utf8)
            var i = start
            while i + closing.count <= b.count {
                var match = true
                for (k, byte) in closing.enumerated() {
                    var c = b[i + k]
                    if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                    if c != byte { match = false; break }
                }
                if match { return find([0x3E], from: i).map { $0 + 1 } ?? b.count }
                i += 1
            }
            return b.count
        }

        func find(_ pattern: [UInt8], from start: Int) -> Int? {
            var i = start
            while i + pattern.count <= b.count {
                if b[i] == pattern[0] {
                    var match = true
                    for k in 1..<pattern.count where b[i + k] != pattern[k] { match = false; break }
                    if match { return i }
                }
                i += 1
            }
            return nil
        }

        mutating func flush() {
            pendingSpace = nil
            guard !builder.isEmpty else { return }
            let kind: BlockKind
            var repeatsTheTitleTag = false
            if open.contains("title") {
                kind = .title
                sawTitle = true
            } else if let h = open.last(where: { $0.count == 2 && $0.hasPrefix("h") && $0 != "hr" && $0 != "th" }) {
                if h == "h1" && !sawTitle { kind = .title; sawTitle = true } else { kind = .heading }
                // A page's <title> that its first <h1> repeats is one title, not two.
                repeatsTheTitleTag = h == "h1" && out.count == 1 && out[0].kind == .title
            } else if open.contains(where: { $0 == "li" || $0 == "dt" || $0 == "dd" }) {
                kind = .listItem
            } else if open.contains("blockquote") {
                kind = .quote
            } else {
                kind = .paragraph
            }
            if let block = builder.build(index: out.count, kind: kind, line: blockLine),
               !(repeatsTheTitleTag && block.text == out[0].text) {
                out.append(block)
            }
        }
    }
}
