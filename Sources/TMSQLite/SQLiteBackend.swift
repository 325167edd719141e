import Foundation
import TMMemory

/// Memories in SQLite files: every location that is not a URL of another backend is a path.
public struct SQLiteBackend: MemoryBackend {
    public init() {}

    public func accepts(_ location: String) -> Bool { !location.contains("://") }

    public func describe(_ location: String) -> String { location }

    public func open(_ location: String, options: OpenOptions) throws -> any TranslationMemoryStore {
        try SQLiteMemory(path: location, readOnly: options.readOnly, busyTimeout: options.busyTimeout)
    }

    /// A page snapshot (`VACUUM INTO`): `files` is not needed, the file copies itself.
    public func backup(_ location: String, to destination: String, files: any MemoryBackend, options: OpenOptions,
                       progress: ((Int) -> Void)?) throws -> BackupSummary {
        let memory = try SQLiteMemory(path: location, readOnly: true, busyTimeout: options.busyTimeout)
        try memory.backup(to: destination)
        let copy = try SQLiteMemory(path: destination, readOnly: true)
        return BackupSummary(units: try copy.unitCount(), glossaryEntries: try copy.glossaryEntries().count)
    }

    public func restore(_ location: String, from backup: any TranslationMemoryStore, backupPath: String,
                        options: OpenOptions) throws -> String? {
        // The backup is a file: SQLite copies its pages (opened here, as any backup file is).
        let source = try SQLiteMemory(path: backupPath, readOnly: true)
        return try SQLiteMemory.replace(location, with: source, busyTimeout: options.busyTimeout)
    }
}
