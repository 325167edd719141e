/// A sentence of an article with its place in the source.
public struct Segment: Sendable, Equatable, Codable {
    /// The sentence as it stands in the block's text.
    public var text: String
    /// UTF-8 byte offsets of the sentence in the source file (end exclusive).
    public var start: Int
    public var end: Int
    /// Index of the block the sentence belongs to, and that block's kind.
    public var block: Int
    public var blockKind: BlockKind
    public var lang: Language
    /// UTF-8 byte range of the sentence inside its block's text.
    public var rangeInBlock: Range<Int>

    enum CodingKeys: String, CodingKey { case text, start, end, block, blockKind = "kind", lang }

    public init(text: String, start: Int, end: Int, block: Int, blockKind: BlockKind, lang: Language, rangeInBlock: Range<Int>) {
        self.text = text
        self.start = start
        self.end = end
        self.block = block
        self.blockKind = blockKind
        self.lang = lang
        self.rangeInBlock = rangeInBlock
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decode(String.self, forKey: .text)
        start = try c.decode(Int.self, forKey: .start)
        end = try c.decode(Int.self, forKey: .end)
        block = try c.decode(Int.self, forKey: .block)
        blockKind = try c.decode(BlockKind.self, forKey: .blockKind)
        lang = try c.decode(Language.self, forKey: .lang)
        rangeInBlock = 0..<0
    }
}

extension Segmenter {
    /// The sentences of one block, with source offsets and the block's language
    /// (detected from its Han share unless `language` is given).
    public func segments(of block: Block, language: Language? = nil) -> [Segment] {
        var text = block.text
        return text.withUTF8 { bytes in
            let lang = language ?? Language.detect(bytes: bytes)
            return sentenceRanges(in: bytes).map { range in
                Segment(text: String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self),
                        start: block.sourceOffset(ofTextOffset: range.lowerBound),
                        end: block.sourceOffset(ofTextOffset: range.upperBound),
                        block: block.index, blockKind: block.kind, lang: lang, rangeInBlock: range)
            }
        }
    }
}
