import ArgumentParser
import Foundation
import TMKit

struct DocumentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents",
        abstract: "List the memory's documents (the names export --document and the filters take), with their units.")

    @OptionGroup var memory: MemoryOptions
    @Option(help: "Output: table or json.") var format: OutputFormat = .table

    func run() throws {
        try CLIErrors.reporting {
            let entries = try DocumentList.entries(try memory.openStore())
            switch format {
            case .json: print(try JSONOutput.string(entries))
            case .table:
                if entries.isEmpty { print("the memory has no documents"); return }
                for e in entries {
                    print("\(e.name)\t\(e.units) units\(e.shared > 0 ? " (+\(e.shared) shared with other documents)" : "")\t\(e.formats.joined(separator: ", "))\t\(e.imports) import\(e.imports == 1 ? "" : "s")")
                }
            }
        }
    }
}
