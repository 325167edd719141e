import ArgumentParser
import Foundation
import TMKit
import TMMemory

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show what the memory holds.")

    @OptionGroup var memory: MemoryOptions

    @Option(name: .customLong("glossary"), help: ArgumentHelp("The folder of glossary files (default: $TMKIT_GLOSSARY, else the workspace's).", valueName: "dir"))
    var glossaryFolder: String?

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @Flag(help: "Also print a checksum of the content (reads every unit): equal for two memories holding the same pairs.")
    var checksum = false

    /// The memory's figures, its glossary's size and, when asked, the content checksum.
    struct Output: Encodable {
        var stats: MemoryStats
        var glossaryEntries: Int
        /// The folder the glossary is synced from (nil: none), and whether that happens on its own.
        var glossaryFolder: String?
        var glossarySync: String
        var checksum: String?

        func encode(to encoder: any Encoder) throws {
            try stats.encode(to: encoder)
            enum Keys: String, CodingKey { case glossaryEntries, glossaryFolder, glossarySync, checksum }
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(glossaryEntries, forKey: .glossaryEntries)
            try container.encodeIfPresent(glossaryFolder, forKey: .glossaryFolder)
            try container.encode(glossarySync, forKey: .glossarySync)
            try container.encodeIfPresent(checksum, forKey: .checksum)
        }
    }

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore()
            let glossary = try memory.glossary(store, folder: glossaryFolder)
            let output = Output(stats: try store.stats(), glossaryEntries: try glossary.entries().count,
                                glossaryFolder: glossary.folder.map { ($0 as NSString).standardizingPath },
                                glossarySync: glossary.folder == nil ? "none" : glossary.syncsAutomatically ? "automatic" : "tmkit glossary sync",
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
                print("glossary   \(output.glossaryEntries) entries"
                      + (output.glossaryFolder.map { " from \($0) (synced: \(output.glossarySync))" } ?? " (stored in the memory; no glossary folder)"))
                print("languages  \(stats.languages.joined(separator: ", "))")
                print("size       \(ByteCountFormatter.string(fromByteCount: stats.bytes, countStyle: .file))")
                if let sum = output.checksum { print("checksum   \(sum)") }
            }
        }
    }
}
