import ArgumentParser
import Foundation
import TMKit

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure TMKit against gold data.",
        subcommands: [EvalSegmentationCommand.self]
    )
}

struct EvalSegmentationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segmentation",
        abstract: "Score the segmenter on a JSONL case file (id, lang, text, expected)."
    )

    @Argument(help: "The case file, one JSON object a line.")
    var cases: String

    @Flag(name: .shortAndLong, help: "Show expected and actual sentences of each failed case.")
    var verbose = false

    func run() throws {
        try CLIErrors.reporting {
            let loaded = try SegmentationEvaluation.loadCases(path: cases)
            let result = try SegmentationEvaluation().run(loaded)
            let langs = ["en", "zh"] + result.counts.map(\.lang).filter { $0 != "en" && $0 != "zh" }
            for lang in langs {
                print("\(lang): \(result.passed(lang)) passed, \(result.failed(lang)) failed")
            }
            if !result.failures.isEmpty {
                print("failed: " + result.failures.map(\.id).joined(separator: " "))
            }
            if verbose {
                for f in result.failures {
                    print("\n\(f.id)")
                    print("  expected: \(f.expected)")
                    print("  actual:   \(f.actual)")
                }
            }
        }
    }
}
