import ArgumentParser
import TMKit
import TMMemory
import TMText

struct DuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "List sources stored with more than one translation, with their provenance; --keep ID deletes the others.",
        discussion: "By English sentence (default) or, with --side zh, by Chinese sentence."
    )

    @OptionGroup var memory: MemoryOptions

    @Option(help: "The side that is the same: en or zh.")
    var side: ReplaceCommand.Side = .en

    @Option(help: "Keep this unit and delete the others with the same side.")
    var keep: Int64?

    @Option(help: "At most this many groups.")
    var limit = 100

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try CLIErrors.reporting {
            let language: Language = side == .en ? .en : .zh
            if let keep {
                let store = try memory.openStore(forWriting: true)
                try printChange(try store.keep(unit: keep, language: language, by: ChangeAuthor(user: memory.userName, command: "tmkit duplicates --keep")),
                         format: format)
                return
            }
            let groups = try memory.openStore().duplicateGroups(language: language, limit: limit)
            switch format {
            case .json: print(try JSONOutput.string(groups))
            case .table:
                if groups.isEmpty { print("no \(side.rawValue) sentence is stored with more than one translation") }
                for group in groups {
                    print(language == .en ? group[0].en : group[0].zh)
                    for unit in group {
                        let other = language == .en ? unit.zh : unit.en
                        print("  \(unit.id)\t\(other)\t(\(unit.origin.rawValue), \(unit.document ?? "-"), import \(unit.importFile ?? "-"))")
                    }
                }
            }
        }
    }
}
