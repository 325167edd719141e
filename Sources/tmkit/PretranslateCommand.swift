import ArgumentParser
import Foundation
import TMFormats
import TMKit
import TMMemory

struct PretranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretranslate",
        abstract: "A Chinese draft of a new English article, filled from the memory."
    )

    enum Format: String, ExpressibleByArgument { case md, xliff }

    @OptionGroup var memory: MemoryOptions

    @Option(name: .long, help: GlossaryOptions.folderHelp)
    var glossary: String?
    @Argument(help: "The English article (.txt, .md, .html).") var file: String
    @Option(help: "Lowest fuzzy score filled in (0–100).") var min: Int = 75
    @Option(help: "Output: md or xliff.") var format: Format = .md
    @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?

    func validate() throws {
        guard (0...100).contains(min) else { throw ValidationError("--min must be a score from 0 to 100, not \(min)") }
    }

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore()
            let recognizer = try memory.glossary(store, folder: glossary).recognizer()
            let blocks = try Pretranslation(memory: store, recognizer: recognizer, minimumScore: min).draft(file: file)
            let draft = blocks.map { b in
                (kind: b.kind, sentences: b.sentences.map { DraftSentence(source: $0.source, target: $0.target, score: $0.score, repairs: $0.repairs, fragments: $0.fragments) })
            }
            let text = format == .md ? DraftMarkdown.write(draft)
                : DraftXLIFF.write(draft.flatMap(\.sentences), original: (file as NSString).lastPathComponent)
            if let output { try Data(text.utf8).write(to: URL(fileURLWithPath: output)) } else { print(text, terminator: "") }
        }
    }
}
