import ArgumentParser
import TMKit
import TMMemory

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete units by id or by filter (shows them first; --yes deletes).",
        discussion: "`tmkit delete 12 14`, or `tmkit delete --origin aligned --confidence-below 0.5`. "
            + "The units are kept in the history: `tmkit revert CHANGE` brings them back."
    )

    @OptionGroup var memory: MemoryOptions
    @OptionGroup(title: "Filter (instead of ids)") var only: FilterOptions

    @Argument(help: "The units' ids.")
    var ids: [Int64] = []

    @Flag(help: "Delete them (without it, only show what would be deleted).")
    var yes = false

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        let filtered = !(try only.filter().isEmpty)
        if ids.isEmpty && !filtered { throw ValidationError("give the ids of the units to delete, or a filter") }
        if !ids.isEmpty && filtered { throw ValidationError("give ids or a filter, not both") }
    }

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore(forWriting: yes)
            let author = ChangeAuthor(user: memory.userName, command: "tmkit delete")
            var selected = ids
            if ids.isEmpty {
                selected = try store.delete(matching: try only.filter(), apply: false, by: author).ids
            }
            guard yes else {
                for id in selected.prefix(20) {
                    guard let unit = try store.unit(id) else { throw MaintenanceError.unknownUnit(id) }
                    print("would delete unit \(id): \(unit.en) | \(unit.zh)")
                }
                if selected.count > 20 { print("… and \(selected.count - 20) more") }
                print("\(selected.count) units would be deleted; run again with --yes to delete them")
                return
            }
            try printChange(try store.delete(units: selected, by: author), format: format)
        }
    }
}
