import Foundation

/// Something that yields an article's blocks one at a time.
public protocol BlockReader {
    mutating func nextBlock() throws -> Block?
}

/// The article formats TMKit reads.
public enum ArticleFormat: String, Sendable, CaseIterable {
    case txt, md, html

    /// The format for a file name, by extension; plain text when unknown.
    public init(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "md", "markdown": self = .md
        case "html", "htm", "xhtml": self = .html
        default: self = .txt
        }
    }
}

public enum ArticleReader {
    /// Opens a reader for a file; plain text and Markdown stream, HTML is read whole.
    public static func open(path: String, format: ArticleFormat? = nil) throws -> any BlockReader {
        try refuseEmpty(path)
        switch format ?? ArticleFormat(path: path) {
        case .txt: return PlainTextReader(lines: try LineSource(path: path))
        case .md: return MarkdownReader(lines: try LineSource(path: path))
        case .html: return try HTMLReader(path: path)
        }
    }

    /// An empty file is a mistake (a wrong name, a failed download), not an article without sentences.
    public static func refuseEmpty(_ path: String) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if size == 0 { throw TextInputError(file: path, line: 0, column: 0, message: "the file is empty") }
    }

    /// A reader over text in memory (`name` is used in error messages).
    public static func reader(text: String, format: ArticleFormat = .txt, name: String = "<text>") throws -> any BlockReader {
        try reader(bytes: Array(text.utf8), format: format, name: name)
    }

    /// A reader over raw bytes, checked as a file's would be (encoding, binary content).
    public static func reader(bytes: [UInt8], format: ArticleFormat, name: String) throws -> any BlockReader {
        switch format {
        case .txt: return PlainTextReader(lines: LineSource(bytes: bytes, name: name))
        case .md: return MarkdownReader(lines: LineSource(bytes: bytes, name: name))
        case .html: return try HTMLReader(bytes: bytes, name: name)
        }
    }

    /// All blocks of a text in memory.
    public static func blocks(text: String, format: ArticleFormat = .txt) throws -> [Block] {
        var reader = try reader(text: text, format: format)
        var result: [Block] = []
        while let block = try reader.nextBlock() { result.append(block) }
        return result
    }
}

/// How lines group into blocks in plain text and Markdown: a line without
/// final punctuation (a title, heading or byline) stands alone.
enum LineRules {
    /// Ends with sentence-final punctuation, possibly followed by closing quotes or brackets.
    static func endsWithTerminal<C: BidirectionalCollection>(_ line: C) -> Bool where C.Element == UInt8 {
        let text = String(decoding: line, as: UTF8.self)
        for scalar in text.unicodeScalars.reversed() {
            let c = scalar.value
            if Chars.isWhitespace(c) || Chars.isCloser(c) { continue }
            return Chars.isTerminal(c) || c == 0x2026
        }
        return false
    }

    /// Ends with punctuation that asks for more (comma, colon, semicolon, dash).
    static func endsOpen<C: BidirectionalCollection>(_ line: C) -> Bool where C.Element == UInt8 {
        let text = String(decoding: line, as: UTF8.self)
        for scalar in text.unicodeScalars.reversed() {
            let c = scalar.value
            if Chars.isWhitespace(c) { continue }
            return [0x2C, 0x3A, 0x3B, 0x2D, 0xFF0C, 0xFF1A, 0xFF1B, 0x3001, 0x2014, 0x2013].contains(c)
        }
        return false
    }

    /// A line without final punctuation (a title, heading or byline) ends its block.
    static func endsBlock<C: BidirectionalCollection>(_ line: C) -> Bool where C.Element == UInt8 {
        !endsWithTerminal(line)
    }
}
