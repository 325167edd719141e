import Foundation
import TMMemory

/// Looking after a memory as a whole, wherever it lives: its check, a
/// backup, and a restore from a backup. The backend serving the location
/// does the work (see `MemoryBackend`).
public enum MemoryMaintenance {
    /// The memory's checks. A memory too damaged to open gets a report saying
    /// so; one that can only be read (a read-only file) is checked read-only.
    public static func check(_ location: String, quick: Bool) throws -> CheckReport {
        do {
            // Opened as any command would (a memory left mid-creation by a
            // crash needs a writer to recover its journal).
            let store: any TranslationMemoryStore
            do {
                store = try MemoryLocation.open(location)
            } catch StoreError.readOnly, StoreError.cannotOpen {
                store = try MemoryLocation.open(location, readOnly: true)
            }
            return try store.check(quick: quick)
        } catch StoreError.damaged(_, let problems) {
            // Too damaged to open: that is the check's finding.
            return CheckReport(quick: quick, units: 0, problems: problems)
        }
    }

    /// Writes a consistent copy of the memory at `location` to the new file
    /// `destination` (an SQLite memory), while others may keep writing.
    public static func backup(_ location: String, to destination: String, progress: ((Int) -> Void)? = nil) throws -> BackupSummary {
        try MemoryLocation.backend(for: location).backup(location, to: destination, files: MemoryLocation.files,
                                                         options: MemoryLocation.options(), progress: progress)
    }

    /// Replaces the memory at `location` with the backup at `source`, after
    /// checking the backup in full: when the check fails, its report comes
    /// back and the memory is not touched.
    public static func restore(_ location: String, from source: String) throws -> RestoreResult {
        let backend = MemoryLocation.backend(for: location)
        let backup = try MemoryLocation.files.open(source, options: MemoryLocation.options(readOnly: true))
        let report = try backup.check(quick: false)
        guard report.ok else { return RestoreResult(report: report) }
        let aside = try backend.restore(location, from: backup, backupPath: source, options: MemoryLocation.options())
        return RestoreResult(report: report, movedAside: aside)
    }
}
