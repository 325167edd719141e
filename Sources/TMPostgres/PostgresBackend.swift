import Foundation
import TMMemory

/// Memories in PostgreSQL databases, at `postgres://USER@HOST:PORT/DATABASE`.
public struct PostgresBackend: MemoryBackend {
    public init() {}

    public func accepts(_ location: String) -> Bool { PostgresLocation.isPostgresURL(location) }

    public func describe(_ location: String) -> String {
        (try? PostgresLocation(url: location).description) ?? "postgres://…"
    }

    public func open(_ location: String, options: OpenOptions) throws -> any TranslationMemoryStore {
        try PostgresMemory(url: location)
    }

    /// A new SQLite memory (units, provenance, glossary), checked before it gets its name.
    public func backup(_ location: String, to destination: String, files: any MemoryBackend, options: OpenOptions,
                       progress: ((Int) -> Void)?) throws -> BackupSummary {
        try MemoryBackup.write(try PostgresMemory(url: location), sourceName: location, to: destination, files: files, progress: progress)
    }

    /// The content replaced in one transaction: lookups see the old content until it commits.
    public func restore(_ location: String, from backup: any TranslationMemoryStore, backupPath: String,
                        options: OpenOptions) throws -> String? {
        try MemoryBackup.restore(backup, backupPath: backupPath, into: try PostgresMemory(url: location))
        return nil
    }
}
