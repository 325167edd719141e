import ArgumentParser
import TMKit
import TMStore

/// Options shared by every command that uses the memory.
struct MemoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The memory (SQLite file).", discussion: "Default: $TMKIT_DB, else memory/tm.sqlite.", valueName: "path"))
    var db: String?

    /// Opens the memory; commands that add to it pass `forWriting` (a quick check first).
    func open(readOnly: Bool = false, forWriting: Bool = false) throws -> SQLiteMemory {
        let memory = try MemoryLocation.open(db, readOnly: readOnly, forWriting: forWriting)
        if let backup = memory.migrationBackup {
            CLIErrors.printError("upgraded the memory's schema; a copy of it as it was is at \(backup)")
        }
        return memory
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json }
