/// Blocks of a plain-text article: paragraphs are separated by blank lines,
/// and a line without final punctuation (a title, heading or byline) is a
/// block of its own. Block text is the source verbatim (line ends become "\n").
struct PlainTextReader: BlockReader {
    /// A paragraph longer than this is cut at a line end, to keep memory bounded.
    static let maxBlockBytes = 1 << 20

    private let lines: LineSource
    private var pending: [SourceLine] = []
    private var pendingBytes = 0
    private var lookahead: SourceLine?
    private var finished = false
    private var nextIndex = 0
    private var sawBlock = false

    init(lines: LineSource) { self.lines = lines }

    mutating func nextBlock() throws -> Block? {
        while true {
            guard let line = try takeLine() else {
                return flush()
            }
            if line.isBlank {
                if let block = flush() { return block }
                continue
            }
            if let last = pending.last {
                let breaksHere = LineRules.endsBlock(last.bytes)
                    || ListMarker.starts(line.bytes) || pendingBytes > PlainTextReader.maxBlockBytes
                if breaksHere {
                    lookahead = line
                    if let block = flush() { return block }
                    continue
                }
            }
            pending.append(line)
            pendingBytes += line.bytes.count
        }
    }

    private mutating func takeLine() throws -> SourceLine? {
        if let l = lookahead { lookahead = nil; return l }
        return try lines.nextLine()
    }

    private mutating func flush() -> Block? {
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll(keepingCapacity: true); pendingBytes = 0 }
        var builder = BlockTextBuilder()
        for (k, line) in pending.enumerated() {
            if k > 0 {
                let previous = pending[k - 1]
                builder.append(replacement: [0x0A], for: (previous.offset + previous.bytes.count)..<line.offset)
            }
            builder.append(verbatim: line.bytes, at: line.offset)
        }
        let first = pending[0]
        let kind: BlockKind
        if ListMarker.starts(first.bytes) {
            kind = .listItem
        } else if pending.count == 1 && !LineRules.endsWithTerminal(first.bytes) && !LineRules.endsOpen(first.bytes) {
            kind = sawBlock ? .heading : .title
        } else {
            kind = .paragraph
        }
        guard let block = builder.build(index: nextIndex, kind: kind, line: first.number) else { return nil }
        nextIndex += 1
        sawBlock = true
        return block
    }
}

/// "- ", "* ", "+ ", "• ", "1. ", "1) " at the start of a line.
enum ListMarker {
    static func starts<C: Collection>(_ line: C) -> Bool where C.Element == UInt8 {
        length(line) != nil
    }

    /// Bytes taken by the marker and the spaces after it.
    static func length<C: Collection>(_ line: C) -> Int? where C.Element == UInt8 {
        let bytes = Array(line.prefix(12))
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 { i += 1 }
        guard i < bytes.count, i < 4 else { return nil }
        var j = i
        if bytes[j] == 0x2D || bytes[j] == 0x2A || bytes[j] == 0x2B {
            j += 1
        } else if bytes.count >= j + 3, bytes[j] == 0xE2, bytes[j + 1] == 0x80, bytes[j + 2] == 0xA2 {
            j += 3  // •
        } else {
            var digits = 0
            while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39, digits < 3 { j += 1; digits += 1 }
            guard digits > 0, j < bytes.count, bytes[j] == 0x2E || bytes[j] == 0x29 else { return nil }
            j += 1
        }
        guard j < bytes.count, bytes[j] == 0x20 else { return nil }
        while j < bytes.count, bytes[j] == 0x20 { j += 1 }
        return j
    }
}
