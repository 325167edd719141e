import FuzzSupport
import TMText

// Articles: the first byte picks plain text, Markdown or HTML; every block's
// text must lie inside the input's decoded text.
runFuzzer { bytes in
    guard let first = bytes.first else { return }
    let format = ArticleFormat.allCases[Int(first) % ArticleFormat.allCases.count]
    var reader = try ArticleReader.reader(bytes: Array(bytes.dropFirst()), format: format, name: "fuzz.\(format.rawValue)")
    var blocks = 0
    while let block = try reader.nextBlock() {
        blocks += 1
        precondition(blocks <= bytes.count + 1, "more blocks than input bytes")
        _ = block
    }
}
