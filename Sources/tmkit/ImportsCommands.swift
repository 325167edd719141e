import ArgumentParser
import TMKit
import TMMemory

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
