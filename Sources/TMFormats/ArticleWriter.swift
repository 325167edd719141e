import Foundation
import TMText

/// An article written from its blocks, in the format it was read from: the
/// Markdown, HTML and plain-text readers read the result back into the same
/// blocks, of the same kinds, in the same order.
public enum ArticleWriter {
    public static func write(_ blocks: [(kind: BlockKind, text: String)], format: ArticleFormat, language: String = "zh") -> String {
        switch format {
        case .md: return markdown(blocks)
        case .html: return html(blocks, language: language)
        case .txt: return plainText(blocks)
        }
    }

    public static func markdown(_ blocks: [(kind: BlockKind, text: String)]) -> String {
        var out = ""
        for (k, block) in blocks.enumerated() {
            let text = block.text.trimmingCharacters(in: .whitespaces)
            switch block.kind {
            case .title: out += "# " + text + "\n\n"
            case .heading: out += "## " + text + "\n\n"
            case .listItem:
                // A list ends with a blank line, so the next block is not read as its continuation.
                let last = k + 1 == blocks.count || blocks[k + 1].kind != .listItem
                out += "- " + text + (last ? "\n\n" : "\n")
            case .quote: out += "> " + text + "\n\n"
            case .paragraph: out += text + "\n\n"
            }
        }
        return out
    }

    /// A page of blocks; the article's title is also the page's `<title>` (the
    /// HTML reader reads a `<title>` that the first `<h1>` repeats as one title).
    public static func html(_ blocks: [(kind: BlockKind, text: String)], language: String) -> String {
        let title = blocks.first.flatMap { $0.kind == .title ? $0 : nil }.map { "<title>\(Markup.escape($0.text.trimmingCharacters(in: .whitespaces)))</title>" } ?? ""
        var out = "<!DOCTYPE html>\n<html lang=\"\(Markup.escape(language))\"><head><meta charset=\"utf-8\">\(title)</head><body>\n"
        var inList = false
        for block in blocks {
            let text = Markup.escape(block.text.trimmingCharacters(in: .whitespaces))
            if block.kind == .listItem && !inList { out += "<ul>\n"; inList = true }
            if block.kind != .listItem && inList { out += "</ul>\n"; inList = false }
            switch block.kind {
            case .title: out += "<h1>\(text)</h1>\n"
            case .heading: out += "<h2>\(text)</h2>\n"
            case .listItem: out += "<li>\(text)</li>\n"
            case .quote: out += "<blockquote><p>\(text)</p></blockquote>\n"
            case .paragraph: out += "<p>\(text)</p>\n"
            }
        }
        if inList { out += "</ul>\n" }
        return out + "</body></html>\n"
    }

    /// Blocks separated by blank lines; list items as "- " lines.
    public static func plainText(_ blocks: [(kind: BlockKind, text: String)]) -> String {
        blocks.map { ($0.kind == .listItem ? "- " : "") + $0.text.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n\n") + "\n"
    }
}
