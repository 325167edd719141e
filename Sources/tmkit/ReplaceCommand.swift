import ArgumentParser
import TMKit
import TMMemory

struct ReplaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replace",
        abstract: "Find and replace text on one side of the units a filter selects (shows every change; --apply changes them).",
        discussion: "One transaction, kept in the history (`tmkit revert CHANGE`). A replacement that would empty a side changes nothing."
    )

    @OptionGroup var memory: MemoryOptions
    @OptionGroup(title: "Filter") var only: FilterOptions

    @Option(help: "The side to change: en or zh.")
    var side: Side

    @Option(help: "The text to find (a regular expression with --regex).")
    var find: String

    @Option(name: .customLong("with"), help: "The replacement ($1 … name groups with --regex).")
    var replacement: String

    @Flag(help: "--find is an ICU regular expression.")
    var regex = false

    @Flag(name: .customLong("ignore-case"), help: "Match without regard to case.")
    var ignoreCase = false

    @Flag(help: "Change the units (without it, only show the changes).")
    var apply = false

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    enum Side: String, ExpressibleByArgument { case en, zh }

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore(forWriting: apply)
            let rule = Replacement(language: side == .en ? .en : .zh, find: find, replacement: replacement,
                                   regularExpression: regex, caseSensitive: !ignoreCase)
            let result = try store.replace(rule, filter: try only.filter(), apply: apply,
                                           by: ChangeAuthor(user: memory.userName, command: "tmkit replace"))
            switch format {
            case .json: print(try JSONOutput.string(ReplaceJSON(planned: result.planned, change: result.change?.id)))
            case .table:
                for item in result.planned {
                    print("unit \(item.unitID)")
                    print("  - \(item.before)")
                    print("  + \(item.after)")
                }
                print(result.change.map { "changed \(result.planned.count) units (change \($0.id))" }
                      ?? "\(result.planned.count) units would change; run again with --apply to change them")
            }
        }
    }
}

private struct ReplaceJSON: Encodable {
    var planned: [PlannedReplacement]
    var change: Int64?
}
