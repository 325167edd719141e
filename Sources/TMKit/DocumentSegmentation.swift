import TMText

/// Segments an article file block by block: the reader streams blocks and
/// each block's sentences are handed on before the next block is read, so
/// memory stays bounded by the largest block.
public struct DocumentSegmentation {
    public var language: Language?
    public var format: ArticleFormat?

    /// - Parameters:
    ///   - language: forces every block's language (nil: detect per block).
    ///   - format: forces the article format (nil: from the file extension).
    public init(language: Language? = nil, format: ArticleFormat? = nil) {
        self.language = language
        self.format = format
    }

    /// Calls `body` with each segment of the file, in order.
    public func forEachSegment(inFile path: String, _ body: (Segment) throws -> Void) throws {
        var reader = try ArticleReader.open(path: path, format: format)
        try forEachSegment(reader: &reader, body)
    }

    /// Calls `body` with each segment of a text in memory, read as `format` (default plain text).
    public func forEachSegment(inText text: String, _ body: (Segment) throws -> Void) throws {
        var reader = try ArticleReader.reader(text: text, format: format ?? .txt)
        try forEachSegment(reader: &reader, body)
    }

    /// Calls `body` with each segment of an uploaded file's bytes (checked for
    /// encoding and binary content as a file's are; `name` in error messages).
    public func forEachSegment(inBytes bytes: [UInt8], name: String, _ body: (Segment) throws -> Void) throws {
        var reader = try ArticleReader.reader(bytes: bytes, format: format ?? ArticleFormat(path: name), name: name)
        try forEachSegment(reader: &reader, body)
    }

    /// All segments of a text in memory.
    public func segments(inText text: String) throws -> [Segment] {
        var result: [Segment] = []
        try forEachSegment(inText: text) { result.append($0) }
        return result
    }

    private func forEachSegment(reader: inout any BlockReader, _ body: (Segment) throws -> Void) throws {
        let segmenter = try Segmenter()
        while let block = try reader.nextBlock() {
            for segment in segmenter.segments(of: block, language: language) {
                try body(segment)
            }
        }
    }
}
