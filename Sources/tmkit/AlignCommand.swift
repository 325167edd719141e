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

    enum Format: String, ExpressibleByArgument { case tsv, json }

    @Argument(help: "The English article.") var en: String
    @Argument(help: "The Chinese article.") var zh: String
    @Flag(help: "Each file holds one sentence a line (no segmentation).") var presegmented = false
    @Option(help: "A dictionary in CC-CEDICT's format to use as a lexicon.") var lexicon: String?
    @Option(help: "Sentence pairs (TSV) to learn a lexicon and the length model from.") var pairs: String?
    @Option(help: "Output: tsv or json.") var format: Format = .tsv

    func run() throws {
        try CLIErrors.reporting {
            let aligner = try AlignerSetup.make(lexicon: lexicon, pairs: pairs)
            let enSentences = try sentences(en), zhSentences = try sentences(zh)
            let links = aligner.align(en: enSentences, zh: zhSentences)
            switch format {
            case .json:
                struct Row: Encodable { var en: [String]; var zh: [String]; var confidence: Double }
                print(try JSONOutput.string(links.map { l in Row(en: l.en.map { enSentences[$0] }, zh: l.zh.map { zhSentences[$0] }, confidence: (l.confidence * 1000).rounded() / 1000) }))
            case .tsv:
                for l in links {
                    print(String(format: "%.2f\t%@\t%@\t%@\t%@", l.confidence, l.en.map(String.init).joined(separator: ","), l.zh.map(String.init).joined(separator: ","),
                                 l.en.map { enSentences[$0] }.joined(separator: " "), l.zh.map { zhSentences[$0] }.joined()))
                }
            }
        }
    }

    private func sentences(_ path: String) throws -> [String] {
        if presegmented {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TextInputError(file: path, line: 0, column: 0, message: "cannot read the file")
            }
            var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            return lines
        }
        var result: [String] = []
        try DocumentSegmentation().forEachSegment(inFile: path) { result.append($0.text) }
        return result
    }
}
