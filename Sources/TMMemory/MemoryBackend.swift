import Foundation

/// How a memory is opened.
public struct OpenOptions: Sendable {
    public var readOnly: Bool
    /// How long a writer waits for another writer before giving up.
    public var busyTimeout: TimeInterval

    /// How long a writer waits for another by default.
    public static let defaultBusyTimeout: TimeInterval = 60

    public init(readOnly: Bool = false, busyTimeout: TimeInterval = OpenOptions.defaultBusyTimeout) {
        self.readOnly = readOnly
        self.busyTimeout = busyTimeout
    }
}

/// What a backup wrote.
public struct BackupSummary: Sendable, Equatable {
    public var units: Int
    public var glossaryEntries: Int

    public init(units: Int, glossaryEntries: Int) {
        self.units = units
        self.glossaryEntries = glossaryEntries
    }
}

/// What a restore did: the backup's check, and where a memory too damaged
/// to open was moved aside.
public struct RestoreResult: Sendable {
    public var report: CheckReport
    public var movedAside: String?

    public init(report: CheckReport, movedAside: String? = nil) {
        self.report = report
        self.movedAside = movedAside
    }
}

/// One kind of storage for memories (an SQLite file, a PostgreSQL database):
/// which locations it serves, how a memory there is opened, and how it is
/// backed up and restored as a whole. A backup is always an SQLite memory
/// file, which any TMKit can open, check or restore into either backend;
/// `files` is the backend that creates and opens such files.
public protocol MemoryBackend: Sendable {
    /// Whether `location` names a memory kept by this backend.
    func accepts(_ location: String) -> Bool

    /// The location as messages show it (without a password).
    func describe(_ location: String) -> String

    /// Opens (creating and migrating when needed) the memory at `location`.
    func open(_ location: String, options: OpenOptions) throws -> any TranslationMemoryStore

    /// Writes a consistent copy of the memory at `location` to the new file
    /// `destination` while others may keep writing; never overwrites a file.
    func backup(_ location: String, to destination: String, files: any MemoryBackend, options: OpenOptions,
                progress: ((Int) -> Void)?) throws -> BackupSummary

    /// Replaces the memory at `location` with `backup` (read from the file
    /// `backupPath`, and already checked in full): readers see the old
    /// memory or the new one, never a mix. Returns where a memory too
    /// damaged to open was moved aside, if one was.
    func restore(_ location: String, from backup: any TranslationMemoryStore, backupPath: String,
                 options: OpenOptions) throws -> String?
}

/// Backup and restore unit by unit, for a backend that cannot copy its
/// storage itself (a PostgreSQL database).
public enum MemoryBackup {
    /// Copies `store` (units, provenance, glossary, history and jobs) into a new memory file
    /// at `destination` created by `files`, checks the copy in full, and only
    /// then gives it its name: a backup that stopped half-way is never
    /// mistaken for one.
    public static func write(_ store: any TranslationMemoryStore, sourceName: String, to destination: String,
                             files: any MemoryBackend, progress: ((Int) -> Void)? = nil) throws -> BackupSummary {
        if FileManager.default.fileExists(atPath: destination) {
            throw StoreError.cannotOpen(path: destination, reason: "the file exists; choose a new name for the backup")
        }
        let partial = destination + ".partial"
        func removePartial() { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) } }
        removePartial()
        let summary: MemoryCopy.Summary
        do {
            // Closed before the rename: the last connection folds its WAL into the file.
            let copy = try files.open(partial, options: OpenOptions())
            summary = try MemoryCopy(from: store, to: copy, sourceName: sourceName).run(progress: progress)
            _ = try HistoryCopy.run(from: store, to: copy)
            _ = try JobCopy.run(from: store, to: copy)
            try SettingsCopy.run(from: store, to: copy)
            let report = try copy.check(quick: false)
            guard report.ok else { throw StoreError.damaged(path: partial, problems: report.problems) }
        } catch {
            removePartial()
            throw error
        }
        try FileManager.default.moveItem(atPath: partial, toPath: destination)
        return BackupSummary(units: summary.units, glossaryEntries: summary.glossaryEntries)
    }

    /// Replaces the whole content of `target` with `backup` in one
    /// transaction (see `ReplaceableMemory`), then brings the backup's jobs.
    public static func restore(_ backup: any TranslationMemoryStore, backupPath: String,
                               into target: any ReplaceableMemory & TranslationMemoryStore) throws {
        try target.replaceContents { writer in
            _ = try MemoryCopy(from: backup, to: writer, sourceName: "restore:" + backupPath).run()
        }
        _ = try JobCopy.run(from: backup, to: target)
    }
}
