import ArgumentParser
import TMKit
import TMStore

/// Options shared by every command that uses the memory.
struct MemoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The memory (SQLite file).", discussion: "Default: $TMKIT_DB, else memory/tm.sqlite.", valueName: "path"))
    var db: String?

    func open(readOnly: Bool = false) throws -> SQLiteMemory {
        try MemoryLocation.open(db, readOnly: readOnly)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json }
