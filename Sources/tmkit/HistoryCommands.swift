import ArgumentParser
import TMKit
import TMMemory

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the changes made to the memory (edits, deletes, undone imports, reverts), newest first."
    )

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "Only the changes to this unit.")
    var unit: Int64?

    @Option(help: "At most this many changes.")
    var limit = 50

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try CLIErrors.reporting {
            let changes = try memory.openStore().history(unitID: unit, limit: limit)
            switch format {
            case .json: print(try JSONOutput.string(changes))
            case .table:
                if changes.isEmpty { print(unit.map { "no changes to unit \($0)" } ?? "no changes") }
                for change in changes { for line in ChangeReport.lines(change) { print(line) } }
            }
        }
    }
}

struct RevertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revert",
        abstract: "Put back what a change removed or altered (see `tmkit history`).",
        discussion: "Refused when a unit it touched was changed again since: revert the later change first."
    )

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The change's id.")
    var change: Int64

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore(forWriting: true)
            try printChange(try store.revert(change: change, by: ChangeAuthor(user: memory.userName, command: "tmkit revert")), format: format)
        }
    }
}
