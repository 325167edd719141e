import ArgumentParser
import Foundation
import TMKit
import TMText

struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Split an article (.txt, .md, .html) into sentences."
    )

    enum LanguageChoice: String, ExpressibleByArgument, CaseIterable { case en, zh, auto }
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case lines, json }

    @Argument(help: "The article to segment.")
    var file: String

    @Option(help: "Language of the article: en, zh, or auto (detected per block).")
    var lang: LanguageChoice = .auto

    @Option(help: "Output: lines (one sentence a line) or json.")
    var format: OutputFormat = .lines

    func run() throws {
        let segmentation = DocumentSegmentation(language: lang == .auto ? nil : Language(rawValue: lang.rawValue))
        var output = StandardOutput()
        try CLIErrors.reporting {
            switch format {
            case .lines:
                try segmentation.forEachSegment(inFile: file) { output.write($0.text + "\n") }
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                var first = true
                output.write("[")
                try segmentation.forEachSegment(inFile: file) { segment in
                    output.write(first ? "\n  " : ",\n  ")
                    first = false
                    output.write(String(decoding: try encoder.encode(segment), as: UTF8.self))
                }
                output.write(first ? "]\n" : "\n]\n")
            }
        }
        output.flush()
    }
}
