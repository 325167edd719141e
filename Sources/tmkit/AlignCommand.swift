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
                print(AlignmentPage.html(links.map { l in (l.en.map { enSentences[$0] }, l.zh.map { zhSentences[$0] }, l.confidence) },
                                         title: "\((en as NSString).lastPathComponent) ↔ \((zh as NSString).lastPathComponent)"))
            case .tsv:
                for l in links {
                    print(String(format: "%.2f\t%@\t%@\t%@\t%@", l.confidence, l.en.map(String.init).joined(separator: ","), l.zh.map(String.init).joined(separator: ","),
                                 l.en.map { enSentences[$0] }.joined(separator: " "), l.zh.map { zhSentences[$0] }.joined()))
                }
            }
        }
    }
}

/// A standalone page showing each link side by side (all text escaped).
enum AlignmentPage {
    static func html(_ links: [(en: [String], zh: [String], confidence: Double)], title: String) -> String {
        var rows = ""
        for link in links {
            let shade = link.confidence < 0.2 ? " class=\"low\"" : ""
            rows += "<tr\(shade)><td>\(String(format: "%.2f", link.confidence))</td><td>\(link.en.map(Markup.escape).joined(separator: "<br>"))</td>"
            rows += "<td lang=\"zh\">\(link.zh.map(Markup.escape).joined(separator: "<br>"))</td></tr>\n"
        }
        return """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(Markup.escape(title))</title>
        <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td{border-top:1px solid #ccc;padding:.4em;vertical-align:top}
        td:first-child{color:#666;width:3em}tr.low{background:#fff3e0}</style></head>
        <body><h1>\(Markup.escape(title))</h1><table>
        \(rows)</table></body></html>
        """
    }

}
