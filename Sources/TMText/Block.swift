/// The structural role of a block of an article.
public enum BlockKind: String, Sendable, Codable {
    case title, heading, paragraph, listItem = "list-item", quote
}

/// One block of an article (a title, heading, paragraph, list item or quote)
/// with its place in the source file.
public struct Block: Sendable, Equatable {
    public var index: Int
    public var kind: BlockKind
    /// The block's text with markup removed and entities decoded.
    public var text: String
    /// 1-based line of the source where the block starts.
    public var line: Int
    /// UTF-8 byte range of the block in the source file.
    public var sourceRange: Range<Int>
    // Offset map from `text` to the source: at textAnchors[k] in the text the
    // source is at sourceAnchors[k]; between anchors both advance together.
    var textAnchors: [Int]
    var sourceAnchors: [Int]

    /// A block whose text is a verbatim slice of the source starting at `sourceStart`.
    public init(index: Int, kind: BlockKind, text: String, line: Int, sourceStart: Int) {
        self.init(index: index, kind: kind, text: text, line: line,
                  sourceRange: sourceStart..<(sourceStart + text.utf8.count),
                  textAnchors: [0], sourceAnchors: [sourceStart])
    }

    init(index: Int, kind: BlockKind, text: String, line: Int, sourceRange: Range<Int>,
         textAnchors: [Int], sourceAnchors: [Int]) {
        self.index = index
        self.kind = kind
        self.text = text
        self.line = line
        self.sourceRange = sourceRange
        self.textAnchors = textAnchors.isEmpty ? [0] : textAnchors
        self.sourceAnchors = sourceAnchors.isEmpty ? [sourceRange.lowerBound] : sourceAnchors
    }

    /// The source offset (UTF-8 bytes) of a UTF-8 offset in `text`.
    public func sourceOffset(ofTextOffset offset: Int) -> Int {
        // Last anchor at or before the offset (binary search).
        var lo = 0, hi = textAnchors.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if textAnchors[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let mapped = sourceAnchors[lo] + (offset - textAnchors[lo])
        return min(max(mapped, sourceRange.lowerBound), sourceRange.upperBound)
    }
}

/// Builds a block's text while recording where each piece came from.
struct BlockTextBuilder {
    private(set) var bytes: [UInt8] = []
    private var textAnchors: [Int] = []
    private var sourceAnchors: [Int] = []
    private(set) var sourceStart: Int?
    private(set) var sourceEnd = 0

    var isEmpty: Bool { bytes.isEmpty }

    /// Appends bytes copied verbatim from the source at `sourceOffset`.
    mutating func append<C: Collection>(verbatim piece: C, at sourceOffset: Int) where C.Element == UInt8 {
        guard !piece.isEmpty else { return }
        anchor(sourceOffset)
        bytes.append(contentsOf: piece)
        sourceEnd = max(sourceEnd, sourceOffset + piece.count)
    }

    /// Drops a source range from the text (the next text maps past it).
    mutating func skip(_ range: Range<Int>) {
        guard !bytes.isEmpty else { return }
        textAnchors.append(bytes.count)
        sourceAnchors.append(range.upperBound)
    }

    /// Appends text that stands for the source range (an entity, a collapsed space).
    mutating func append(replacement: [UInt8], for range: Range<Int>) {
        guard !replacement.isEmpty else { return }
        anchor(range.lowerBound)
        bytes.append(contentsOf: replacement)
        // Later text maps back to the end of the replaced source.
        textAnchors.append(bytes.count)
        sourceAnchors.append(range.upperBound)
        sourceEnd = max(sourceEnd, range.upperBound)
    }

    private mutating func anchor(_ sourceOffset: Int) {
        if sourceStart == nil { sourceStart = sourceOffset }
        if let lastText = textAnchors.last, let lastSource = sourceAnchors.last,
           lastSource + (bytes.count - lastText) == sourceOffset {
            return  // continues the current run
        }
        if textAnchors.last == bytes.count {
            sourceAnchors[sourceAnchors.count - 1] = sourceOffset
        } else {
            textAnchors.append(bytes.count)
            sourceAnchors.append(sourceOffset)
        }
    }

    mutating func removeTrailingWhitespace() {
        while let last = bytes.last, last == 0x20 || last == 0x0A || last == 0x09 || last == 0x0D { bytes.removeLast() }
        while let t = textAnchors.last, t > bytes.count, textAnchors.count > 1 {
            textAnchors.removeLast()
            sourceAnchors.removeLast()
        }
    }

    /// Finishes the block; nil when it holds only white space.
    mutating func build(index: Int, kind: BlockKind, line: Int) -> Block? {
        removeTrailingWhitespace()
        var leading = 0
        while leading < bytes.count, bytes[leading] == 0x20 || bytes[leading] == 0x0A || bytes[leading] == 0x09 { leading += 1 }
        defer { self = BlockTextBuilder() }
        guard leading < bytes.count, let start = sourceStart else { return nil }
        let text = String(decoding: bytes[leading...], as: UTF8.self)
        var ta: [Int] = [], sa: [Int] = []
        for (t, s) in zip(textAnchors, sourceAnchors) {
            if t <= leading {
                ta = [0]; sa = [s + (leading - t)]
            } else {
                ta.append(t - leading); sa.append(s)
            }
        }
        return Block(index: index, kind: kind, text: text, line: line,
                     sourceRange: min(start, sa.first ?? start)..<max(sourceEnd, start),
                     textAnchors: ta, sourceAnchors: sa)
    }
}
