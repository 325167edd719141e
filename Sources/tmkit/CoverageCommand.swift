import ArgumentParser
import Foundation
import TMKit
import TMMemory

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "How much of new articles the memory covers: segments and words per match band."
    )

    enum Format: String, ExpressibleByArgument { case table, json, csv, html }

    @OptionGroup var options: GlossaryOptions
    @Argument(help: "The articles (.txt, .md, .html).") var files: [String]
    @Option(help: "Output: table, json, csv or html (a standalone page).") var format: Format = .table
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        try CLIErrors.reporting {
            let memory = try options.memory.openStore()
            let recognizer = try options.memory.glossary(memory, folder: options.glossary).recognizer()
            let (reports, total) = try CoverageAnalysis(memory: memory, recognizer: recognizer).analyse(files: files)
            let text: String
            switch format {
            case .table: text = CoverageOutput.table(reports + (reports.count > 1 ? [total] : []), colour: output == nil && isatty(1) == 1)
            case .json: text = try CoverageOutput.json(reports, total: total)
            case .csv: text = CoverageOutput.csv(reports + [total])
            case .html: text = CoverageHTML.page(reports, total: total)
            }
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } else {
                print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            }
        }
    }
}

enum CoverageOutput {
    static func table(_ reports: [CoverageReport], colour: Bool) -> String {
        var out = ""
        for report in reports {
            out += "\(report.file)\n"
            out += "  band           segments     words\n"
            for band in CoverageBand.allCases {
                let label = band.label
                let c = report.bands[band] ?? BandCount()
                var line = "  " + label.padding(toLength: 12, withPad: " ", startingAt: 0)
                line += String(format: "%11d %9d", c.segments, c.words)
                if colour && band.isCovered && c.words > 0 { line = "\u{1B}[32m" + line + "\u{1B}[0m" }
                out += line + "\n"
            }
            out += String(format: "  total        %11d %9d\n", report.totalSegments, report.totalWords)
            out += String(format: "  covered at 75%% or more: %.1f%% of words\n", report.coveredShare * 100)
            out += "  glossary terms: \(report.distinctTerms) distinct, \(report.termOccurrences) occurrences, \(report.termsWithApprovedRendering) with an approved rendering\n\n"
        }
        return out
    }

    static func json(_ reports: [CoverageReport], total: CoverageReport) throws -> String {
        try JSONOutput.string(CoverageJSON(reports, total: total))
    }

    static func csv(_ reports: [CoverageReport]) -> String {
        var out = "file," + CoverageBand.allCases.flatMap { ["\($0.rawValue) segments", "\($0.rawValue) words"] }.joined(separator: ",")
            + ",segments,words,covered share\n"
        for r in reports {
            let file = r.file.contains(",") || r.file.contains("\"") ? "\"" + r.file.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : r.file
            out += file + "," + CoverageBand.allCases.flatMap { [String(r.bands[$0]?.segments ?? 0), String(r.bands[$0]?.words ?? 0)] }.joined(separator: ",")
            out += ",\(r.totalSegments),\(r.totalWords),\(String(format: "%.3f", r.coveredShare))\n"
        }
        return out
    }
}
