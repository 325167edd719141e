import ArgumentParser
import Foundation
import TMKit
import TMStore

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show what the memory holds.")

    @OptionGroup var memory: MemoryOptions

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try CLIErrors.reporting {
            let stats = try memory.openStore().stats()
            switch format {
            case .json:
                print(try JSONOutput.string(stats))
            case .table:
                print("memory     \(stats.location)")
                print("units      \(stats.units)")
                for (origin, n) in stats.unitsByOrigin.sorted(by: { $0.key < $1.key }) { print("  \(origin)  \(n)") }
                print("documents  \(stats.documents)")
                print("imports    \(stats.imports)")
                print("languages  \(stats.languages.joined(separator: ", "))")
                print("size       \(ByteCountFormatter.string(fromByteCount: stats.bytes, countStyle: .file))")
            }
        }
    }
}
