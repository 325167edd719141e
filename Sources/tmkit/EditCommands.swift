import ArgumentParser
import Foundation
import TMKit
import TMMemory

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
        abstract: "Delete units by id (shows them first; --yes deletes).",
        discussion: "The units are kept in the history: `tmkit revert CHANGE` brings them back."
    )

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The units' ids.")
    var ids: [Int64]

    @Flag(help: "Delete them (without it, only show what would be deleted).")
    var yes = false

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if ids.isEmpty { throw ValidationError("give the ids of the units to delete") }
    }

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore(forWriting: yes)
            guard yes else {
                var found = 0
                for id in ids {
                    guard let unit = try store.unit(id) else { throw MaintenanceError.unknownUnit(id) }
                    print("would delete unit \(id): \(unit.en) | \(unit.zh)")
                    found += 1
                }
                print("\(found) units would be deleted; run again with --yes to delete them")
                return
            }
            try show(try store.delete(units: ids, by: ChangeAuthor(user: memory.userName, command: "tmkit delete")), format: format)
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
