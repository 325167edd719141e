/// A sentence of an article with its place in the source.
public struct Segment: Sendable, Equatable, Codable {
    /// The sentence as it stands in the block's text (a wrapped sentence keeps its line break).
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

extension Segment {
    /// The sentence on one line: a line break (with the spaces around it)
    /// becomes one space, or nothing between Chinese characters and punctuation.
    public var singleLine: String {
        var copy = text
        return copy.withUTF8 { Segmenter.displayText($0) }
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

    static func displayText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(0x0A) || bytes.contains(0x0D) else { return String(decoding: bytes, as: UTF8.self) }
        let text = String(decoding: bytes, as: UTF8.self)
        var result = String.UnicodeScalarView()
        var pendingBreak = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" { pendingBreak = true; continue }
            if pendingBreak && (scalar == " " || scalar == "\t") { continue }
            if pendingBreak {
                while let last = result.last, last == " " || last == "\t" { result.removeLast() }
                let joinsWide = result.last.map { isWide($0.value) } ?? false
                if !(joinsWide && isWide(scalar.value)) { result.append(" ") }
                pendingBreak = false
            }
            result.append(scalar)
        }
        return String(result)
    }

    /// Han characters and full-width punctuation: Chinese puts no space between them.
    private static func isWide(_ c: UInt32) -> Bool {
        Chars.isHan(c) || Chars.isOtherCJK(c) || (0x3000...0x303F).contains(c) || (0xFF00...0xFFEF).contains(c)
    }
}
