import ArgumentParser
import TMKit
import TMMemory

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change one unit's English or Chinese side.",
        discussion: "The fuzzy index and concordance follow at once. Editing a pair into one the memory already holds merges the two. "
            + "The change is kept in the history (`tmkit history`, `tmkit revert`)."
    )

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The unit's id (as lookup and concordance show it).")
    var id: Int64

    @Option(help: "The new English side.")
    var en: String?

    @Option(help: "The new Chinese side.")
    var zh: String?

    @Option(name: .customLong("if-version"), help: "Refuse if the unit is no longer at this version (someone else changed it).")
    var ifVersion: Int64?

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if en == nil && zh == nil { throw ValidationError("give --en TEXT, --zh TEXT or both") }
    }

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore(forWriting: true)
            let change = try store.edit(unit: id, en: en, zh: zh, ifVersion: ifVersion,
                                        by: ChangeAuthor(user: memory.userName, command: "tmkit edit"))
            try printChange(change, format: format)
        }
    }
}
