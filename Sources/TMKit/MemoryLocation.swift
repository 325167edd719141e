import Foundation
import TMMemory
import TMSQLite
#if SharedMemory
import TMPostgres
#endif

/// Where the memory lives (`--db PATH`, else the `TMKIT_DB` environment
/// variable, else the memory of the nearest workspace, see `Workspace`), and
/// the one way to open it: the backend that serves the location opens it,
/// whatever it is (an SQLite file, `postgres://…`).
public enum MemoryLocation {
    /// The location named, else `TMKIT_DB`, else the nearest workspace's memory;
    /// outside any workspace, an error that names the fix.
    public static func resolve(_ explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                               from folder: String = FileManager.default.currentDirectoryPath) throws -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = environment["TMKIT_DB"], !env.isEmpty { return env }
        if let workspace = Workspace.find(from: folder) { return workspace.memoryPath }
        throw WorkspaceError.noWorkspace(folder: folder)
    }

    /// Whether the location is a memory file that does not exist yet (opening creates it).
    public static func isNewFile(_ location: String) -> Bool {
        backend(for: location) is SQLiteBackend && !FileManager.default.fileExists(atPath: location)
    }

    /// Whether the memory is shared by a server (PostgreSQL) rather than a file of one user's.
    public static func isShared(_ location: String) -> Bool { !(backend(for: location) is SQLiteBackend) }

    /// How long to wait for another writer: `TMKIT_BUSY_TIMEOUT` seconds, else 60.
    public static func busyTimeout(environment: [String: String] = ProcessInfo.processInfo.environment) -> TimeInterval {
        environment["TMKIT_BUSY_TIMEOUT"].flatMap(TimeInterval.init).map { max(0, $0) } ?? OpenOptions.defaultBusyTimeout
    }

    /// The backend for memory files (backups are such files, whatever the memory's own backend).
    public static let files: any MemoryBackend = SQLiteBackend()

    /// Every backend this build of TMKit has (the first that accepts a
    /// location serves it), and whether it can open PostgreSQL memories and run `tmkit serve`.
    #if SharedMemory
    public static let backends: [any MemoryBackend] = [PostgresBackend(), files]
    public static let hasSharedMemory = true
    #else
    public static let backends: [any MemoryBackend] = [UnavailableBackend.postgres, files]
    public static let hasSharedMemory = false
    #endif

    /// The backend serving `location`.
    public static func backend(for location: String) -> any MemoryBackend {
        backends.first { $0.accepts(location) } ?? files
    }

    /// The location as messages show it (without a password).
    public static func describe(_ location: String) -> String {
        backend(for: location).describe(location)
    }

    public static func options(readOnly: Bool = false) -> OpenOptions {
        OpenOptions(readOnly: readOnly, busyTimeout: busyTimeout())
    }

    /// Opens the memory at `location` (resolved as above when nil).
    /// `forWriting`: the memory must pass the quick check first, so that
    /// damage is not written over. A memory file created by opening it is
    /// said once through `notice`: a workspace's own memory gets the
    /// workspace's seed (`memory/*.tmx`), a memory named elsewhere starts empty.
    public static func open(_ location: String?, readOnly: Bool = false, forWriting: Bool = false,
                            notice: ((String) -> Void)? = nil) throws -> any TranslationMemoryStore {
        let resolved = try resolve(location)
        let created = isNewFile(resolved)
        let memory = try backend(for: resolved).open(resolved, options: options(readOnly: readOnly))
        if forWriting {
            let report = try memory.check(quick: true)
            if !report.ok { throw StoreError.damaged(path: describe(resolved), problems: report.problems) }
        }
        if created, !readOnly {
            notice?(try SeedMemory.seedNewMemory(memory, location: resolved))
        }
        return memory
    }
}

/// The place of a backend this build was made without: its locations are
/// recognised, and opening one says how to get a build that has it.
public struct UnavailableBackend: MemoryBackend {
    public var schemes: [String]
    public var what: String

    public static let postgres = UnavailableBackend(schemes: ["postgres://", "postgresql://"], what: "PostgreSQL memories")

    public func accepts(_ location: String) -> Bool { schemes.contains { location.hasPrefix($0) } }

    public func describe(_ location: String) -> String {
        URLComponents(string: location).map { url in
            "\(url.scheme ?? "postgres")://\(url.user.map { $0 + "@" } ?? "")\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")\(url.path)"
        } ?? location
    }

    private func unavailable(_ location: String) -> StoreError {
        .notInThisBuild(feature: what, location: describe(location))
    }

    public func open(_ location: String, options: OpenOptions) throws -> any TranslationMemoryStore { throw unavailable(location) }

    public func backup(_ location: String, to destination: String, files: any MemoryBackend, options: OpenOptions,
                       progress: ((Int) -> Void)?) throws -> BackupSummary { throw unavailable(location) }

    public func restore(_ location: String, from backup: any TranslationMemoryStore, backupPath: String,
                        options: OpenOptions) throws -> String? { throw unavailable(location) }
}
