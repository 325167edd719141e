import Foundation
import GRDB
import TMMemory
import TMText

extension SQLiteMemory {
    /// SQLite's integrity check (`quick`: its quick form, plus nothing that
    /// reads every unit), then provenance that points at existing imports and
    /// documents, and TMKit's own invariants (`MemoryInvariants`). Runs in
    /// one read transaction: a consistent snapshot while other processes write.
    public func check(quick: Bool = false) throws -> CheckReport {
        try mapped {
            try queue.read { db in
                var report = CheckReport(quick: quick, units: 0, problems: [])
                let pragma = quick ? "PRAGMA quick_check" : "PRAGMA integrity_check"
                let sqlite = try String.fetchAll(db, sql: pragma)
                if sqlite != ["ok"] {
                    report.problems += sqlite.prefix(MemoryInvariants.problemsPerKind).map { "SQLite: \($0)" }
                    return report  // the invariants below would read damaged pages
                }
                report.units = try Int.fetchOne(db, sql: "SELECT count(*) FROM units") ?? 0
                if quick { return report }
                try checkReferences(db, into: &report)
                try checkUnitsAndIndex(db, into: &report)
                report.problems += try JobInvariants.problems(SQLiteTransaction(db))
                return report
            }
        }
    }

    private func checkReferences(_ db: Database, into report: inout CheckReport) throws {
        var broken = 0
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
            broken += 1
            if broken <= MemoryInvariants.problemsPerKind {
                report.problems.append("\(row["table"] as String) row \(row["rowid"] as Int64? ?? -1) points at a missing row of \(row["parent"] as String)")
            }
        }
        if broken > MemoryInvariants.problemsPerKind { report.problems.append("… \(broken) broken references in all") }
    }

    /// Feeds every unit, posting list and token text to `MemoryInvariants`.
    private func checkUnitsAndIndex(_ db: Database, into report: inout CheckReport) throws {
        var invariants = MemoryInvariants(maxID: try Int.fetchOne(db, sql: "SELECT max(id) FROM units") ?? 0)
        let units = try Row.fetchCursor(db, sql: "SELECT id, en, zh, en_hash, zh_hash, en_tokens, zh_tokens FROM units")
        while let row = try units.next() {
            invariants.unit(id: row["id"], text: (row["en"], row["zh"]), normalized: nil,
                            hashes: (row["en_hash"], row["zh_hash"]), tokenCounts: (row["en_tokens"], row["zh_tokens"]))
        }
        let postings = try Row.fetchCursor(db, sql: "SELECT lang, term, import_id, unit_ids FROM postings")
        while let row = try postings.next() {
            invariants.posting(lang: row["lang"], term: UInt64(bitPattern: row["term"] as Int64), key: row["import_id"],
                               ids: PostingList.decode(row["unit_ids"] as Data))
        }
        let terms = try Row.fetchCursor(db, sql: "SELECT lang, hash FROM terms")
        while let row = try terms.next() {
            invariants.knownToken(lang: row["lang"], hash: UInt64(bitPattern: row["hash"] as Int64))
        }
        report.problems += invariants.problems()
    }

    // MARK: - Backup and restore

    /// Writes a consistent copy of the memory to `destination` (SQLite's
    /// `VACUUM INTO`: a snapshot taken in one read transaction, so other
    /// processes may keep writing). Refuses to overwrite an existing file.
    public func backup(to destination: String) throws {
        if FileManager.default.fileExists(atPath: destination) {
            throw StoreError.cannotOpen(path: destination, reason: "the file exists; choose a new name for the backup")
        }
        try mapped {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [destination])
            }
        }
    }

    /// Replaces the memory at `path` with the memory in `source` (checked
    /// in full by the caller). SQLite's online backup copies the pages under
    /// the memory's write lock: other processes see the old memory or the new
    /// one, never a mix. A memory too damaged to open is moved aside first;
    /// returns where it went.
    static func replace(_ path: String, with source: SQLiteMemory, busyTimeout: TimeInterval) throws -> String? {
        var movedAside: String?
        let target: SQLiteMemory
        do {
            target = try SQLiteMemory(path: path, busyTimeout: busyTimeout)
        } catch let error as StoreError where error.isDamage && FileManager.default.fileExists(atPath: path) {
            let aside = "\(path).damaged-\(Int(Date().timeIntervalSince1970))"
            try FileManager.default.moveItem(atPath: path, toPath: aside)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            movedAside = aside
            target = try SQLiteMemory(path: path, busyTimeout: busyTimeout)
        }
        try target.mapped { try source.queue.backup(to: target.queue) }
        return movedAside
    }
}

extension StoreError {
    /// The file is there but not a sound memory.
    var isDamage: Bool {
        switch self {
        case .damaged, .cannotOpen: return true
        default: return false
        }
    }
}
