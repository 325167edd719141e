import Foundation
import GRDB
import TMText

/// What `check` found: problems in words, none when the memory is sound.
public struct CheckReport: Sendable, Codable, Equatable {
    public var quick: Bool
    public var units: Int
    public var problems: [String]
    public var ok: Bool { problems.isEmpty }

    public init(quick: Bool, units: Int, problems: [String]) {
        self.quick = quick
        self.units = units
        self.problems = problems
    }
}

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
                return report
            }
        }
    }

    private func checkReferences(_ db: Database, into report: inout CheckReport) throws {
        var broken = 0
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
            broken += 1
            if broken <= MemoryInvariants.problemsPerKind {
                report.problems.append("\(row[0] as String) row \(row[1] as Int64? ?? -1) points at a missing row of \(row[2] as String)")
            }
        }
        if broken > MemoryInvariants.problemsPerKind { report.problems.append("… \(broken) broken references in all") }
    }

    /// Feeds every unit, posting list and token text to `MemoryInvariants`.
    private func checkUnitsAndIndex(_ db: Database, into report: inout CheckReport) throws {
        var invariants = MemoryInvariants(maxID: try Int.fetchOne(db, sql: "SELECT max(id) FROM units") ?? 0)
        let units = try Row.fetchCursor(db, sql: "SELECT id, en, zh, en_hash, zh_hash, en_tokens, zh_tokens FROM units")
        while let row = try units.next() {
            invariants.unit(id: row[0], text: (row[1], row[2]), normalized: nil,
                            hashes: (row[3], row[4]), tokenCounts: (row[5], row[6]))
        }
        let postings = try Row.fetchCursor(db, sql: "SELECT lang, term, unit_ids FROM postings")
        while let row = try postings.next() {
            invariants.posting(lang: row[0], term: UInt64(bitPattern: row[1] as Int64), ids: PostingList.decode(row[2] as Data))
        }
        let terms = try Row.fetchCursor(db, sql: "SELECT lang, hash FROM terms")
        while let row = try terms.next() {
            invariants.knownToken(lang: row[0], hash: UInt64(bitPattern: row[1] as Int64))
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

    /// What a restore did: the backup's check, and where a memory too
    /// damaged to open was moved aside.
    public struct RestoreResult: Sendable {
        public var report: CheckReport
        public var movedAside: String?
    }

    /// Replaces the memory at `path` with the memory in `source`, after
    /// checking `source` in full (nothing changes when it fails). SQLite's
    /// online backup copies the pages under the memory's write lock: other
    /// processes see the old memory or the new one, never a mix. A memory too
    /// damaged to open is moved aside first.
    public static func restore(from source: String, to path: String, busyTimeout: TimeInterval = busyTimeout) throws -> RestoreResult {
        let original = try SQLiteMemory(path: source, readOnly: true)
        let report = try original.check()
        guard report.ok else { return RestoreResult(report: report, movedAside: nil) }
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
        try target.mapped { try original.queue.backup(to: target.queue) }
        return RestoreResult(report: report, movedAside: movedAside)
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
