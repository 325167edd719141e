import ArgumentParser
import Foundation
import TMKit
import TMMemory
import TMText

struct ConcordanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concordance",
        abstract: "Find units that contain a word or phrase, in either language."
    )

    @OptionGroup var memory: MemoryOptions
    @OptionGroup(title: "Filter") var only: FilterOptions

    @Argument(help: "The text to search for (taken literally).")
    var text: String

    @Option(help: "Search only English (en) or Chinese (zh) sides.")
    var lang: Language?

    @Option(help: "Most units shown.")
    var limit: Int = 20

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try CLIErrors.reporting {
            let hits = try memory.openStore().concordance(text, language: lang, limit: limit, filter: try only.filter())
            switch format {
            case .json:
                print(try JSONOutput.string(hits.map(HitJSON.init)))
            case .table:
                if hits.isEmpty { print("no unit contains \"\(text)\""); return }
                let terminal = isatty(1) == 1
                for hit in hits {
                    let side = hit.language == .en ? hit.unit.en : hit.unit.zh
                    let other = hit.language == .en ? hit.unit.zh : hit.unit.en
                    print(highlight(side, hit.ranges, terminal: terminal))
                    print("    \(other)")
                    print("    \(UnitLabel.describe(hit.unit))")
                }
            }
        }
    }

    /// Marks each hit: bold on a terminal, «…» otherwise.
    private func highlight(_ text: String, _ ranges: [Range<Int>], terminal: Bool) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var position = 0
        let (open, close) = terminal ? ("\u{1B}[1;33m", "\u{1B}[0m") : ("«", "»")
        for r in ranges where r.lowerBound >= position && r.upperBound <= bytes.count {
            out += bytes[position..<r.lowerBound]
            out += Array(open.utf8) + bytes[r] + Array(close.utf8)
            position = r.upperBound
        }
        out += bytes[position...]
        return String(decoding: out, as: UTF8.self)
    }
}

extension Language: ExpressibleByArgument {}
