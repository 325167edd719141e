import ArgumentParser
import Foundation
import TMAlign
import TMKit
import TMText

struct AlignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Align an English article with its Chinese translation (a dry run: nothing is stored)."
    )

    enum Format: String, ExpressibleByArgument { case tsv, json, html }

    @Argument(help: "The English article.") var en: String
    @Argument(help: "The Chinese article.") var zh: String
    @Flag(help: "Each file holds one sentence a line (no segmentation).") var presegmented = false
    @Option(help: "A dictionary in CC-CEDICT's format to use as a lexicon.") var lexicon: String?
    @Option(help: "Sentence pairs (TSV) to learn a lexicon and the length model from.") var pairs: String?
    @Option(help: "Output: tsv, json or html.") var format: Format = .tsv
    @OptionGroup var embedding: EmbeddingOptions

    func run() throws {
        try CLIErrors.reporting {
            let aligner = try embedding.aligner(try AlignerSetup.make(lexicon: lexicon, pairs: pairs))
            let enSentences = try ArticleImport.sentences(en, presegmented: presegmented)
            let zhSentences = try ArticleImport.sentences(zh, presegmented: presegmented)
            try ArticleImport.checkPair(en: enSentences, zh: zhSentences, enPath: en, zhPath: zh)
            let links = try aligner.align(en: enSentences, zh: zhSentences)
            AlignerSetup.report(aligner)
            switch format {
            case .json:
                struct Row: Encodable { var en: [String]; var zh: [String]; var confidence: Double }
                print(try JSONOutput.string(links.map { l in Row(en: l.en.map { enSentences[$0] }, zh: l.zh.map { zhSentences[$0] }, confidence: (l.confidence * 1000).rounded() / 1000) }))
            case .html:
                // A review page: edit the links, then save the reviewed pairs as TSV.
                let draft = AlignmentReview.draft(en: enSentences, zh: zhSentences, links: links, enName: (en as NSString).lastPathComponent,
                                                  zhName: (zh as NSString).lastPathComponent, scorer: aligner.scorerDescription)
                print(try ReviewPage.html(draft, mode: .offline))
            case .tsv:
                for l in links {
                    print(String(format: "%.2f\t%@\t%@\t%@\t%@", l.confidence, l.en.map(String.init).joined(separator: ","), l.zh.map(String.init).joined(separator: ","),
                                 l.en.map { enSentences[$0] }.joined(separator: " "), l.zh.map { zhSentences[$0] }.joined()))
                }
            }
        }
    }
}
