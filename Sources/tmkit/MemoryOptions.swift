import ArgumentParser
import TMKit
import TMPostgres
import TMStore

/// Options shared by every command that uses the memory.
struct MemoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The memory: an SQLite file, or postgres://USER@HOST:PORT/DATABASE.",
                                            discussion: "Default: $TMKIT_DB, else memory/tm.sqlite.", valueName: "path|url"))
    var db: String?

    /// Where the memory is: the option, else $TMKIT_DB, else the default file.
    var location: String { MemoryLocation.resolve(db) }

    var isPostgres: Bool { PostgresLocation.isPostgresURL(location) }

    /// Opens the memory wherever it lives (an SQLite file or a PostgreSQL
    /// database), for the commands that work on both.
    func openStore(forWriting: Bool = false) throws -> any TranslationMemoryStore {
        try MemoryOptions.openStore(location: MemoryLocation.resolve(db), forWriting: forWriting)
    }

    static func openStore(location: String, forWriting: Bool = false) throws -> any TranslationMemoryStore {
        if PostgresLocation.isPostgresURL(location) { return try PostgresMemory(url: location) }
        return try openSQLite(location, forWriting: forWriting)
    }

    /// Opens an SQLite memory (for the commands that look after the file itself); commands
    /// that add to it pass `forWriting` (a quick check first).
    func open(readOnly: Bool = false, forWriting: Bool = false) throws -> SQLiteMemory {
        if isPostgres {
            throw StoreError.cannotOpen(path: (try? PostgresLocation(url: location).description) ?? "postgres://…",
                                        reason: "this command works on an SQLite file")
        }
        return try MemoryOptions.openSQLite(location, readOnly: readOnly, forWriting: forWriting)
    }

    /// Opens an SQLite memory and says where its pre-migration copy went, if one was made.
    private static func openSQLite(_ location: String, readOnly: Bool = false, forWriting: Bool) throws -> SQLiteMemory {
        let memory = try MemoryLocation.open(location, readOnly: readOnly, forWriting: forWriting)
        if let backup = memory.migrationBackup {
            CLIErrors.printError("upgraded the memory's schema; a copy of it as it was is at \(backup)")
        }
        return memory
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json }
