import Foundation
import Testing
@testable import TMText

/// Writes bytes to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], ext: String) throws -> String {
    let path = NSTemporaryDirectory() + "tmkit-test-\(UUID().uuidString).\(ext)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

private func readAll(path: String) throws -> [Block] {
    var reader = try ArticleReader.open(path: path)
    var blocks: [Block] = []
    while let b = try reader.nextBlock() { blocks.append(b) }
    return blocks
}

/// The source text that a block's first and last characters map to.
private func sourceSlice(_ source: [UInt8], _ block: Block) -> String {
    String(decoding: source[block.sourceRange], as: UTF8.self)
}

@Suite("Plain-text reader")
struct PlainTextReaderTests {
    @Test func paragraphsHeadingsAndBylines() throws {
        let text = """
        Cloud Spending Surges
        By Lin Wei

        Companies spent more on cloud services this year. Budgets grew.
        Analysts expect more.

        Outlook
        Growth may slow in 2027.
        """
        let blocks = try ArticleReader.blocks(text: text)
        #expect(blocks.map(\.text) == [
            "Cloud Spending Surges", "By Lin Wei",
            "Companies spent more on cloud services this year. Budgets grew.\nAnalysts expect more.",
            "Outlook", "Growth may slow in 2027.",
        ])
        #expect(blocks.map(\.kind) == [.title, .heading, .paragraph, .heading, .paragraph])
        #expect(blocks.map(\.line) == [1, 2, 4, 7, 8])
        let source = Array(text.utf8)
        for block in blocks { #expect(sourceSlice(source, block) == block.text) }
    }

    @Test func aLineWithoutFinalPunctuationIsABlock() throws {
        let blocks = try ArticleReader.blocks(text: "The board approved the plan, and\nthe vote was unanimous.\nIt passed.\n")
        #expect(blocks.map(\.text) == ["The board approved the plan, and", "the vote was unanimous.\nIt passed."])
    }

    @Test func listItemsAreBlocks() throws {
        let blocks = try ArticleReader.blocks(text: "Key points:\n- Revenue grew.\n- Costs fell.\n")
        #expect(blocks.map(\.kind) == [.paragraph, .listItem, .listItem])
    }

    @Test func crlfAndByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("第一段。\r\n\r\nSecond one.\r\n".utf8)
        let path = try temporaryFile(bytes, ext: "txt")
        let blocks = try readAll(path: path)
        #expect(blocks.map(\.text) == ["第一段。", "Second one."])
        #expect(sourceSlice(bytes, blocks[1]) == "Second one.")
    }

    @Test func utf16WithByteOrderMark() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "你好。\nHello.".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let blocks = try readAll(path: try temporaryFile(bytes, ext: "txt"))
        #expect(blocks.map(\.text) == ["你好。\nHello."])
    }

    @Test func invalidUTF8NamesLineAndColumn() throws {
        let bytes = Array("Fine line.\nab".utf8) + [0xC3, 0x28] + Array(" rest\n".utf8)
        let path = try temporaryFile(bytes, ext: "txt")
        let error = try #require(throws: TextInputError.self) { try readAll(path: path) }
        #expect(error.line == 2)
        #expect(error.column == 3)
        #expect(error.file == path)
        #expect(error.description.contains("UTF-8"))
    }

    @Test func binaryFileIsRefused() throws {
        let path = try temporaryFile([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x41], ext: "txt")
        let error = try #require(throws: TextInputError.self) { try readAll(path: path) }
        #expect(error.description.contains("binary"))
        #expect(error.line == 1)
    }

    @Test func anEmptyFileIsRefusedAndABlankOneHasNoBlocks() throws {
        let error = try #require(throws: TextInputError.self) { try readAll(path: try temporaryFile([], ext: "txt")) }
        #expect(error.message == "the file is empty")
        #expect(try readAll(path: try temporaryFile(Array(" \n\n \t\n".utf8), ext: "txt")).isEmpty)
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: TextInputError.self) { try readAll(path: "/nonexistent/article.txt") }
    }

    @Test func longParagraphsAreCutAtLineEnds() throws {
        // Many lines without a blank line: blocks stay bounded in size.
        let line = String(repeating: "Markets moved on the news. ", count: 40) + "\n"
        let text = String(repeating: line, count: 2_000)
        let blocks = try ArticleReader.blocks(text: text)
        #expect(blocks.count > 1)
        #expect(blocks.allSatisfy { $0.text.utf8.count <= PlainTextReader.maxBlockBytes + line.utf8.count })
        // Nothing is lost at the cuts.
        let kept = blocks.map(\.text).joined().filter { !$0.isWhitespace }
        #expect(kept == text.filter { !$0.isWhitespace })
    }
}

@Suite("Markdown reader")
struct MarkdownReaderTests {
    let source = """
    ---
    author: desk
    ---
    # Chipmakers **Rally**

    Shares of [Nimbus](https://example.com/nimbus) rose *sharply* on `Monday`. Traders &amp; funds bought.

    ## What changed

    > Demand is real, one analyst said.

    - First item with _emphasis_
    - Second item

    ```
    let code = "skipped"
    ```

    | Metric | Value |
    |---|---|
    | Revenue | $5 billion |
    """

    @Test func blocksAndKinds() throws {
        let blocks = try ArticleReader.blocks(text: source, format: .md)
        #expect(blocks.map(\.text) == [
            "Chipmakers Rally",
            "Shares of Nimbus rose sharply on Monday. Traders & funds bought.",
            "What changed",
            "Demand is real, one analyst said.",
            "First item with emphasis",
            "Second item",
            "Metric", "Value", "Revenue", "$5 billion",
        ])
        #expect(blocks.prefix(6).map(\.kind) == [.title, .paragraph, .heading, .quote, .listItem, .listItem])
    }

    @Test func offsetsPointIntoTheMarkdownSource() throws {
        let blocks = try ArticleReader.blocks(text: source, format: .md)
        let paragraph = blocks[1]
        let bytes = Array(source.utf8)
        let segments = try Segmenter().segments(of: paragraph)
        #expect(segments.count == 2)
        // "Traders &amp; funds bought." starts at "Traders" in the source and ends after "bought.".
        let second = String(decoding: bytes[segments[1].start..<segments[1].end], as: UTF8.self)
        #expect(second == "Traders &amp; funds bought.")
        let first = String(decoding: bytes[segments[0].start..<segments[0].end], as: UTF8.self)
        #expect(first.hasPrefix("Shares of [Nimbus]"))
        #expect(first.hasSuffix("`Monday`."))
    }

    @Test func setextHeadingsAndEscapes() throws {
        let blocks = try ArticleReader.blocks(text: "Big News\n========\n\nPrice: 5 \\* 3 = 15.\n", format: .md)
        #expect(blocks.map(\.text) == ["Big News", "Price: 5 * 3 = 15."])
        #expect(blocks[0].kind == .title)
    }

    @Test func softLineBreaksJoinParagraphs() throws {
        let source = "By the desk\nThe board approved the plan\nand the vote was close.\n\n董事会开会。\n董事会批准了\n该计划。\n"
        let blocks = try ArticleReader.blocks(text: source, format: .md)
        #expect(blocks.map(\.text) == ["By the desk", "The board approved the plan and the vote was close.", "董事会开会。董事会批准了该计划。"])
        let segments = try Segmenter().segments(of: blocks[2])
        #expect(segments.map(\.text) == ["董事会开会。", "董事会批准了该计划。"])
        let bytes = Array(source.utf8)
        #expect(String(decoding: bytes[segments[1].start..<segments[1].end], as: UTF8.self) == "董事会批准了\n该计划。")
    }
}

@Suite("HTML reader")
struct HTMLReaderTests {
    let page = """
    <!DOCTYPE html>
    <html><head><title>AI &amp; the Cloud</title>
    <style>p { color: red; }</style>
    <script>document.write("<p>injected</p>");</script></head>
    <body>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article>
    <h1>Cloud deal expands</h1>
    <p>The firm  committed&nbsp;$5&#160;billion.
       Talks went on for months.</p>
    <ul><li>Chips</li><li>Data centres &#x2014; many</li></ul>
    <blockquote><p>&ldquo;It is a big bet,&rdquo; she said.</p></blockquote>
    <p>First line<br>second line.</p>
    </article>
    <footer>© 2026 Example</footer>
    </body></html>
    """

    @Test func blocksWithoutScriptsStylesOrNavigation() throws {
        let blocks = try ArticleReader.blocks(text: page, format: .html)
        #expect(blocks.map(\.text) == [
            "AI & the Cloud",
            "Cloud deal expands",
            "The firm committed\u{A0}$5\u{A0}billion. Talks went on for months.",
            "Chips",
            "Data centres — many",
            "“It is a big bet,” she said.",
            "First line\nsecond line.",
        ])
        #expect(blocks.map(\.kind) == [.title, .heading, .paragraph, .listItem, .listItem, .quote, .paragraph])
        #expect(!blocks.contains { $0.text.contains("injected") || $0.text.contains("Home") })
    }

    @Test func offsetsPointIntoTheHTMLSource() throws {
        let blocks = try ArticleReader.blocks(text: page, format: .html)
        let bytes = Array(page.utf8)
        let segments = try Segmenter().segments(of: blocks[2])
        #expect(segments.map(\.text) == ["The firm committed\u{A0}$5\u{A0}billion.", "Talks went on for months."])
        #expect(String(decoding: bytes[segments[0].start..<segments[0].end], as: UTF8.self) == "The firm  committed&nbsp;$5&#160;billion.")
        #expect(String(decoding: bytes[segments[1].start..<segments[1].end], as: UTF8.self) == "Talks went on for months.")
        #expect(blocks[2].line == 9)
    }

    @Test func brokenMarkupIsText() throws {
        let blocks = try ArticleReader.blocks(text: "<p>3 < 5 and 6 > 2 &bogus; <unclosed", format: .html)
        #expect(blocks.map(\.text) == ["3 < 5 and 6 > 2 &bogus;"])
    }
}
