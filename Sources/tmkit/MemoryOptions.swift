import ArgumentParser
import TMKit
import TMMemory

/// Options shared by every command that uses the memory.
struct MemoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The memory: an SQLite file, or postgres://USER@HOST:PORT/DATABASE.",
                                            discussion: "Default: $TMKIT_DB, else memory/tm.sqlite of the workspace this folder is in (see tmkit init).", valueName: "path|url"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Who is writing, recorded with imports and changes.",
                                            discussion: "Default: $TMKIT_USER, else the login name.", valueName: "name"))
    var user: String?

    /// The writer's name: the option, else $TMKIT_USER, else the login name.
    var userName: String { CurrentUser.resolve(user) }

    /// Where the memory is: the option, else $TMKIT_DB, else the workspace's memory.
    var location: String { get throws { try MemoryLocation.resolve(db) } }

    /// Opens the memory wherever it lives; commands that add to it pass
    /// `forWriting` (a quick check first).
    func openStore(forWriting: Bool = false) throws -> any TranslationMemoryStore {
        try MemoryOptions.openStore(location: try location, forWriting: forWriting)
    }

    /// The memory's glossary: `folder` (a named folder must exist), else the workspace's.
    func glossary(_ store: any TranslationMemoryStore, folder: String?) throws -> GlossaryService {
        var service = try GlossaryService.forMemory(store, location: try location, folder: folder)
        service.user = userName
        return service
    }

    /// Opens a memory and says where its pre-migration copy went, if one was made.
    static func openStore(location: String, forWriting: Bool = false) throws -> any TranslationMemoryStore {
        let memory = try MemoryLocation.open(location, forWriting: forWriting, notice: CLIErrors.printError)
        if let backup = memory.migrationBackup {
            CLIErrors.printError("upgraded the memory's schema; a copy of it as it was is at \(backup)")
        }
        return memory
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json }
