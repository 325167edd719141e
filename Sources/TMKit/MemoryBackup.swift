import Foundation
import TMStore

/// Backup and restore for a memory that is not one SQLite file (a PostgreSQL
/// database). The backup is a new SQLite memory, so any TMKit can open it,
/// check it, look things up in it, or restore it into either backend.
/// (An SQLite memory backs itself up page by page: `SQLiteMemory.backup`.)
public enum MemoryBackup {
    /// Copies `store` (units, provenance and glossary) into a new SQLite
    /// memory at `destination`, checks the copy in full, and only then gives
    /// it its name: a backup that stopped half-way is never mistaken for one.
    public static func write(_ store: any TranslationMemoryStore, sourceName: String, to destination: String,
                             progress: ((Int) -> Void)? = nil) throws -> MemoryCopy.Summary {
        if FileManager.default.fileExists(atPath: destination) {
            throw StoreError.cannotOpen(path: destination, reason: "the file exists; choose a new name for the backup")
        }
        let partial = destination + ".partial"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
        let summary: MemoryCopy.Summary
        do {
            // Closed before the rename: the last connection folds its WAL into the file.
            let copy = try SQLiteMemory(path: partial)
            summary = try MemoryCopy(from: store, to: copy, sourceName: sourceName).run(progress: progress)
            let report = try copy.check()
            guard report.ok else {
                throw StoreError.damaged(path: partial, problems: report.problems)
            }
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
            throw error
        }
        try FileManager.default.moveItem(atPath: partial, toPath: destination)
        return summary
    }

    /// Replaces the whole content of `target` with the backup at `path`,
    /// after checking the backup in full: when the check fails, its report
    /// comes back and the memory is not touched. The replacement is one
    /// transaction (see `ReplaceableMemory`).
    public static func restore(from path: String, into target: any ReplaceableMemory) throws -> CheckReport {
        let backup = try SQLiteMemory(path: path, readOnly: true)
        let report = try backup.check()
        guard report.ok else { return report }
        try target.replaceContents { writer in
            _ = try MemoryCopy(from: backup, to: writer, sourceName: "restore:" + path).run()
        }
        return report
    }
}
