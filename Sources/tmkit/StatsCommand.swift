import ArgumentParser
import Foundation
import TMKit
import TMMemory

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show what the memory holds.")

    @OptionGroup var memory: MemoryOptions

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @Flag(help: "Also print a checksum of the content (reads every unit): equal for two memories holding the same pairs.")
    var checksum = false

    /// The memory's figures, its glossary's size and, when asked, the content checksum.
    struct Output: Encodable {
        var stats: MemoryStats
        var glossaryEntries: Int
        var checksum: String?

        func encode(to encoder: any Encoder) throws {
            try stats.encode(to: encoder)
            enum Keys: String, CodingKey { case glossaryEntries, checksum }
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(glossaryEntries, forKey: .glossaryEntries)
            try container.encodeIfPresent(checksum, forKey: .checksum)
        }
    }

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore()
            let output = Output(stats: try store.stats(), glossaryEntries: try store.glossaryEntries().count,
                                checksum: checksum ? try MemoryChecksum.compute(store) : nil)
            let stats = output.stats
            switch format {
            case .json:
                print(try JSONOutput.string(output))
            case .table:
                print("memory     \(stats.location)")
                print("units      \(stats.units)")
                for (origin, n) in stats.unitsByOrigin.sorted(by: { $0.key < $1.key }) { print("  \(origin)  \(n)") }
                print("documents  \(stats.documents)")
                print("imports    \(stats.imports)")
                print("glossary   \(output.glossaryEntries) entries")
                print("languages  \(stats.languages.joined(separator: ", "))")
                print("size       \(ByteCountFormatter.string(fromByteCount: stats.bytes, countStyle: .file))")
                if let sum = output.checksum { print("checksum   \(sum)") }
            }
        }
    }
}
