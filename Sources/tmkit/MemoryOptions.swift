import ArgumentParser
import TMKit
import TMMemory

/// Options shared by every command that uses the memory.
struct MemoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The memory: an SQLite file, or postgres://USER@HOST:PORT/DATABASE.",
                                            discussion: "Default: $TMKIT_DB, else memory/tm.sqlite.", valueName: "path|url"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Who is writing, recorded with imports and changes.",
                                            discussion: "Default: $TMKIT_USER, else the login name.", valueName: "name"))
    var user: String?

    /// The writer's name: the option, else $TMKIT_USER, else the login name.
    var userName: String { CurrentUser.resolve(user) }

    /// Where the memory is: the option, else $TMKIT_DB, else the default file.
    var location: String { MemoryLocation.resolve(db) }

    /// Opens the memory wherever it lives; commands that add to it pass
    /// `forWriting` (a quick check first).
    func openStore(forWriting: Bool = false) throws -> any TranslationMemoryStore {
        try MemoryOptions.openStore(location: location, forWriting: forWriting)
    }

    /// Opens a memory and says where its pre-migration copy went, if one was made.
    static func openStore(location: String, forWriting: Bool = false) throws -> any TranslationMemoryStore {
        let memory = try MemoryLocation.open(location, forWriting: forWriting)
        if let backup = memory.migrationBackup {
            CLIErrors.printError("upgraded the memory's schema; a copy of it as it was is at \(backup)")
        }
        return memory
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json }
