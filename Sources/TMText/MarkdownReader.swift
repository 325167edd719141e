/// Blocks of a Markdown article: headings (the first level-1 heading is the
/// title), paragraphs, list items, block quotes and table cells, with inline
/// markup turned into text. Code blocks, front matter, HTML comments, link
/// definitions and rules carry no prose and are skipped. Reads line by line.
struct MarkdownReader: BlockReader {
    private let lines: LineSource
    private var pending: [(line: SourceLine, content: Int)] = []
    private var pendingKind: BlockKind = .paragraph
    private var ready: [Block] = []
    private var nextIndex = 0
    private var sawTitle = false
    private var fence: [UInt8]?
    private var inComment = false
    private var inFrontMatter = false
    private var firstLineOpensParagraph = true

    init(lines: LineSource) { self.lines = lines }

    mutating func nextBlock() throws -> Block? {
        while ready.isEmpty {
            guard let line = try lines.nextLine() else {
                flush()
                break
            }
            handle(line)
        }
        return ready.isEmpty ? nil : ready.removeFirst()
    }

    private mutating func handle(_ line: SourceLine) {
        let bytes = line.bytes
        var indent = 0
        while indent < bytes.count, bytes[bytes.startIndex + indent] == 0x20 { indent += 1 }
        let rest = bytes.dropFirst(indent)
        let text = String(decoding: rest, as: UTF8.self)
        let trimmed = text.trimmingTrailingSpaces

        if line.number == 1 && trimmed == "---" { inFrontMatter = true; return }
        if inFrontMatter { if trimmed == "---" || trimmed == "..." { inFrontMatter = false }; return }
        if let open = fence {
            if rest.starts(with: open) { fence = nil }
            return
        }
        if inComment {
            if text.contains("-->") { inComment = false }
            return
        }
        if line.isBlank { flush(); return }
        if indent >= 4 && pending.isEmpty { return }  // indented code block

        if text.hasPrefix("```") || text.hasPrefix("~~~") {
            flush()
            fence = Array(text.prefix(3).utf8)
            return
        }
        if text.hasPrefix("<!--") {
            flush()
            if !text.contains("-->") { inComment = true }
            return
        }
        if isThematicBreak(trimmed) {
            // "---" under a paragraph line is a setext heading underline.
            if trimmed.allSatisfy({ $0 == "-" }) && pendingKind == .paragraph && !pending.isEmpty {
                emitPending(as: .heading)
            } else {
                flush()
            }
            return
        }
        if !trimmed.isEmpty && trimmed.allSatisfy({ $0 == "=" }) && pendingKind == .paragraph && !pending.isEmpty {
            emitPending(as: sawTitle ? .heading : .title)
            sawTitle = true
            return
        }
        if text.hasPrefix("#") {
            var level = 0
            for ch in text.utf8 { if ch == 0x23 { level += 1 } else { break } }
            let afterHashes = text.utf8.dropFirst(level)
            if level <= 6 && (afterHashes.isEmpty || afterHashes.first == 0x20) {
                flush()
                var content = indent + level
                while content < bytes.count, bytes[bytes.startIndex + content] == 0x20 { content += 1 }
                // Closing hashes are markup too.
                var endTrim = line
                var end = endTrim.bytes.endIndex
                while end > endTrim.bytes.startIndex + content, endTrim.bytes[end - 1] == 0x20 || endTrim.bytes[end - 1] == 0x23 { end -= 1 }
                endTrim.bytes = endTrim.bytes[endTrim.bytes.startIndex..<end]
                pending = [(endTrim, min(content, endTrim.bytes.count))]
                let kind: BlockKind = level == 1 && !sawTitle ? .title : .heading
                if kind == .title { sawTitle = true }
                emitPending(as: kind)
                return
            }
        }
        if text.hasPrefix("[") && isLinkDefinition(text) {
            return
        }
        if text.hasPrefix("|") {
            flush()
            emitTableRow(line, indent: indent)
            return
        }
        if text.hasPrefix(">") {
            if pendingKind != .quote { flush() }
            var content = indent + 1
            if content < bytes.count, bytes[bytes.startIndex + content] == 0x20 { content += 1 }
            let inner = bytes.dropFirst(content)
            if inner.allSatisfy({ $0 == 0x20 }) { flush(); pendingKind = .quote; return }
            pendingKind = .quote
            pending.append((line, content))
            return
        }
        if let marker = ListMarker.length(rest) {
            flush()
            pendingKind = .listItem
            pending.append((line, indent + marker))
            return
        }
        // A paragraph line (or a lazy continuation of a list item or quote).
        // A paragraph's first line without final punctuation (a byline) stands alone.
        if pendingKind == .paragraph, pending.count == 1, firstLineOpensParagraph, let first = pending.first,
           LineRules.endsBlock(first.line.bytes.dropFirst(first.content)) {
            flush()
            firstLineOpensParagraph = false
        } else if pending.isEmpty {
            firstLineOpensParagraph = true
        }
        pending.append((line, indent))
    }

    private func isThematicBreak(_ s: String) -> Bool {
        let chars = s.filter { $0 != " " }
        guard chars.count >= 3, let c = chars.first, "-*_".contains(c) else { return false }
        return chars.allSatisfy { $0 == c }
    }

    private func isLinkDefinition(_ s: String) -> Bool {
        guard let close = s.firstIndex(of: "]") else { return false }
        return s[s.index(after: close)...].hasPrefix(":")
    }

    private mutating func emitTableRow(_ line: SourceLine, indent: Int) {
        let bytes = Array(line.bytes)
        let isSeparator = bytes.allSatisfy { [0x7C, 0x2D, 0x3A, 0x20, 0x09].contains($0) }
        if isSeparator { return }
        var cellStart = indent + 1
        var i = cellStart
        while i <= bytes.count {
            if i == bytes.count || (bytes[i] == 0x7C && (i == 0 || bytes[i - 1] != 0x5C)) {
                var cell = line
                cell.bytes = line.bytes[(line.bytes.startIndex + cellStart)..<(line.bytes.startIndex + i)]
                cell.offset = line.offset + cellStart
                pending = [(cell, 0)]
                emitPending(as: .paragraph)
                cellStart = i + 1
            }
            i += 1
        }
    }

    private mutating func flush() {
        if !pending.isEmpty { emitPending(as: pendingKind) }
        pendingKind = .paragraph
    }

    private mutating func emitPending(as kind: BlockKind) {
        defer { pending.removeAll(); pendingKind = .paragraph }
        guard let first = pending.first else { return }
        var builder = BlockTextBuilder()
        for (k, entry) in pending.enumerated() {
            if k > 0 {
                let previous = pending[k - 1].line
                // A soft line break inside a paragraph reads as a space, or as nothing between Chinese text.
                let joint: [UInt8] = joinsWithoutSpace(previous.bytes, entry.line.bytes.dropFirst(entry.content)) ? [] : [0x20]
                let gap = (previous.offset + previous.bytes.count)..<entry.line.offset
                if joint.isEmpty { builder.skip(gap) } else { builder.append(replacement: joint, for: gap) }
            }
            let content = Array(entry.line.bytes.dropFirst(entry.content))
            let offset = entry.line.offset + entry.content
            content.withUnsafeBufferPointer { buf in
                MarkdownInline.strip(buf, 0..<buf.count, base: offset, into: &builder)
            }
        }
        if let block = builder.build(index: nextIndex, kind: kind, line: first.line.number) {
            ready.append(block)
            nextIndex += 1
        }
    }
}

/// Chinese text wraps without spaces: no space joins two lines that meet between wide characters.
private func joinsWithoutSpace(_ before: ArraySlice<UInt8>, _ after: ArraySlice<UInt8>) -> Bool {
    let last = String(decoding: before, as: UTF8.self).unicodeScalars.last(where: { $0 != " " })
    let first = String(decoding: after, as: UTF8.self).unicodeScalars.first(where: { $0 != " " })
    guard let last, let first else { return false }
    return Chars.isWide(last.value) && Chars.isWide(first.value)
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
