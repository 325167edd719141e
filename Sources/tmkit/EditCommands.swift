import ArgumentParser
import Foundation
import TMKit
import TMMemory
import TMText

/// Prints a change as a table or JSON.
private func show(_ change: MemoryChange, format: OutputFormat) throws {
    switch format {
    case .json: print(try JSONOutput.string(change))
    case .table: for line in ChangeReport.lines(change) { print(line) }
    }
}

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
            try show(change, format: format)
        }
    }
}

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
        if ids.isEmpty && only.filter.isEmpty { throw ValidationError("give the ids of the units to delete, or a filter") }
        if !ids.isEmpty && !only.filter.isEmpty { throw ValidationError("give ids or a filter, not both") }
    }

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore(forWriting: yes)
            let author = ChangeAuthor(user: memory.userName, command: "tmkit delete")
            var selected = ids
            if ids.isEmpty {
                selected = try store.delete(matching: only.filter, apply: false, by: author).ids
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
            try show(try store.delete(units: selected, by: author), format: format)
        }
    }
}

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
            let result = try store.replace(rule, filter: only.filter, apply: apply,
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
                try show(try store.keep(unit: keep, language: language, by: ChangeAuthor(user: memory.userName, command: "tmkit duplicates --keep")),
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

struct ImportsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "imports",
        abstract: "List the imports: id, date, user, format, file, units added and units still filed under it."
    )

    @OptionGroup var memory: MemoryOptions

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try CLIErrors.reporting {
            let records = try memory.openStore().imports()
            switch format {
            case .json: print(try JSONOutput.string(records))
            case .table:
                print("id\tdate (UTC)\tuser\tformat\tfile\tunits")
                for record in records { print(ChangeReport.line(record)) }
            }
        }
    }
}

struct UndoImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo-import",
        abstract: "Remove the units an import added, except those another import also brought.",
        discussion: "Units changed after the import are kept and named, unless --force. The undo is kept in the history: "
            + "`tmkit revert CHANGE` puts the units back."
    )

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The import's id (see `tmkit imports`).")
    var id: Int64

    @Flag(help: "Also remove units changed after the import.")
    var force = false

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore(forWriting: true)
            let result = try store.undoImport(id, force: force, by: ChangeAuthor(user: memory.userName, command: "tmkit undo-import"))
            print("undid import \(id) (change \(result.change.id)): \(result.removed) units removed, "
                  + "\(result.refiled) kept because another import also brought them")
            if !result.keptEdited.isEmpty {
                print("kept \(result.keptEdited.count) units changed after the import (remove them too with --force): "
                      + result.keptEdited.map(String.init).joined(separator: ", "))
            }
        }
    }
}

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
            try show(try store.revert(change: change, by: ChangeAuthor(user: memory.userName, command: "tmkit revert")), format: format)
        }
    }
}

struct PenaltyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "penalty",
        abstract: "Lower lookup scores for the units of an origin or an import (stored in the memory).",
        discussion: "`tmkit penalty set aligned 5`, `tmkit penalty set import:12 10`, `tmkit penalty list`, `tmkit penalty remove aligned`. "
            + "A penalised exact match scores below 100 and says why; coverage bands use the penalised score.",
        subcommands: [Set.self, List.self, Remove.self]
    )

    /// `aligned`, `origin:aligned` or `import:ID`.
    struct Scope: ExpressibleByArgument {
        let scope: PenaltyScope
        init?(argument: String) {
            guard let scope = PenaltyScope(argument) else { return nil }
            self.scope = scope
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a penalty (points off every lookup score).")
        @OptionGroup var memory: MemoryOptions
        @Argument(help: ArgumentHelp("An origin (tmx, tsv, xliff, aligned, manual) or import:ID.", valueName: "scope")) var scope: Scope
        @Argument(help: "Points taken off (1–100).") var points: Int

        func validate() throws {
            if !(1...100).contains(points) { throw ValidationError("points: give a number from 1 to 100 (remove a penalty with `tmkit penalty remove`)") }
        }

        func run() throws {
            try CLIErrors.reporting {
                try memory.openStore(forWriting: true).setPenalty(scope.scope, points: points)
                print("penalty \(points) for \(scope.scope.reason)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the penalties.")
        @OptionGroup var memory: MemoryOptions
        @Option(help: "Output: table or json.") var format: OutputFormat = .table

        func run() throws {
            try CLIErrors.reporting {
                let penalties = try memory.openStore().penalties()
                switch format {
                case .json: print(try JSONOutput.string(penalties))
                case .table:
                    if penalties.isEmpty { print("no penalties") }
                    for penalty in penalties { print("\(penalty.scope)\t\(penalty.points)") }
                }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a penalty.")
        @OptionGroup var memory: MemoryOptions
        @Argument(help: ArgumentHelp("An origin or import:ID.", valueName: "scope")) var scope: Scope

        func run() throws {
            try CLIErrors.reporting {
                try memory.openStore(forWriting: true).setPenalty(scope.scope, points: nil)
                print("no penalty for \(scope.scope.reason)")
            }
        }
    }
}
