import Foundation
import GRDB
import TMMemory
import TMText

/// A translation memory in one SQLite file (WAL mode, foreign keys, a busy
/// timeout). The schema evolves through numbered migrations.
///
/// Tables: `imports` (one row per imported file), `documents`, `units` (both
/// sides verbatim, their hashes and token counts, provenance; the normalized
/// sides are derived when needed, see `MatchText`), and the fuzzy index:
/// `postings` (for each term — a normalized token's hash, mixed with its
/// occurrence number from the second occurrence on — the sorted ids of the
/// units that hold it, gap-encoded (see `PostingList`), one chunk per
/// import, plus pending changes, see `PostingAssembler`) and `terms` (the
/// distinct tokens' text, for concordance); for maintenance, `changes` and
/// `change_units` (the history), `unit_sources` (the other imports that
/// brought a pair) and `penalties`.
public final class SQLiteMemory: TranslationMemoryStore, Sendable {
    public let path: String
    /// A pool of connections on a file (lookups may run in parallel while one
    /// writer writes), or a single connection for an in-memory database.
    let queue: any DatabaseWriter
    let lengths: SQLiteUnitLengths
    /// Long posting lists shared by this memory's lookups (see `PostingCache`).
    let postingCache = PostingCache()

    /// How long a writer waits for another writer before giving up, by default.
    public static let busyTimeout = OpenOptions.defaultBusyTimeout

    /// Where a copy of the memory went before a migration changed it (nil when none ran).
    public let migrationBackup: String?

    /// Opens (creating and migrating when needed) the memory at `path`.
    /// `busyTimeout`: how long to wait for another writer. `pageLimit`: a
    /// ceiling on the file's pages (SQLite's `max_page_count`), so that a
    /// full disk can be simulated.
    public init(path: String, readOnly: Bool = false, busyTimeout: TimeInterval = SQLiteMemory.busyTimeout, pageLimit: Int? = nil) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.readonly = readOnly
        if !readOnly { config.journalMode = .wal }
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA page_size = 16384")  // takes effect when the file is created
            try db.execute(sql: "PRAGMA cache_size = -65536")  // 64 MB page cache
            if let pageLimit { _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pageLimit)") }
        }
        if !readOnly {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        }
        (queue, migrationBackup) = try SQLiteMemory.openQueue(path: path, configuration: config, readOnly: readOnly, busyTimeout: busyTimeout)
        lengths = SQLiteUnitLengths()
    }

    /// Opens and migrates the file. Two processes creating the same new
    /// memory race for the journal mode and the first migration; the loser
    /// waits and finds the work done.
    private static func openQueue(path: String, configuration: Configuration, readOnly: Bool,
                                  busyTimeout: TimeInterval) throws -> (any DatabaseWriter, String?) {
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                let candidate: any DatabaseWriter = readOnly
                    ? try DatabaseQueue(path: path, configuration: configuration)
                    : try DatabasePool(path: path, configuration: configuration)
                let backup = try checkAndMigrate(candidate, path: path, readOnly: readOnly)
                return (candidate, backup)
            } catch let error as DatabaseError where isOpeningRace(error) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            } catch let error as DatabaseError {
                throw storeError(error, path: path)
            }
        }
    }

    /// Busy, or a table another process created a moment ago.
    private static func isOpeningRace(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
            || (error.resultCode == .SQLITE_ERROR && ((error.message ?? "").contains("already exists")
                || (error.message ?? "").contains("no such table: grdb_migrations")))
    }

    /// An in-memory memory (for tests and scratch work).
    public init() throws {
        path = ":memory:"
        var config = Configuration()
        config.foreignKeysEnabled = true
        queue = try DatabaseQueue(configuration: config)
        lengths = SQLiteUnitLengths()
        migrationBackup = try SQLiteMemory.checkAndMigrate(queue, path: path, readOnly: false)
    }

    /// Refuses a memory from a newer TMKit, then applies pending migrations.
    /// An existing memory is copied beside itself first; returns the copy's path.
    private static func checkAndMigrate(_ queue: any DatabaseWriter, path: String, readOnly: Bool) throws -> String? {
        let migrator = SQLiteMemory.migrator
        let (applied, pending) = try queue.read { db in
            let known = Set(migrator.migrations)
            let applied = try migrator.appliedIdentifiers(db)
            if let unknown = applied.subtracting(known).sorted().last {
                throw StoreError.schemaTooNew(path: path, found: unknown)
            }
            return (applied, migrator.migrations.filter { !applied.contains($0) })
        }
        guard !readOnly, !pending.isEmpty else { return nil }
        var backup: String?
        if !applied.isEmpty && path != ":memory:" {
            let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withYear, .withMonth, .withDay, .withTime])
            let copy = "\(path).before-\(pending[0])-\(stamp)-\(getpid()).sqlite"
            try queue.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [copy]) }
            backup = copy
        }
        do {
            try migrator.migrate(queue)
        } catch let error as DatabaseError {
            // Another process applied a migration since we looked: the opening loop tries again.
            let now = try queue.read { db in try migrator.appliedIdentifiers(db) }
            if now.isStrictSuperset(of: applied) { throw DatabaseError(resultCode: .SQLITE_BUSY, message: "migrated meanwhile") }
            throw error
        }
        return backup
    }

    static func storeError(_ error: DatabaseError, path: String) -> Error {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError.locked(path: path)
        case .SQLITE_READONLY: return StoreError.readOnly(path: path)
        case .SQLITE_FULL: return StoreError.diskFull(path: path)
        case .SQLITE_CANTOPEN: return StoreError.cannotOpen(path: path, reason: "check that the folder exists and is writable")
        case .SQLITE_NOTADB: return StoreError.cannotOpen(path: path, reason: "this is not a TMKit memory (not an SQLite database)")
        case .SQLITE_CORRUPT: return StoreError.damaged(path: path, problems: ["SQLite: \(error.message ?? "database disk image is malformed")"])
        default: return error
        }
    }

    /// Runs `body`, turning SQLite's busy and read-only errors into clear ones.
    func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw SQLiteMemory.storeError(error, path: path)
        }
    }

    // MARK: - Stats

    public func stats() throws -> MemoryStats {
        try mapped {
            try queue.read { db in
                let units = try Int.fetchOne(db, sql: "SELECT count(*) FROM units") ?? 0
                let documents = try Int.fetchOne(db, sql: "SELECT count(*) FROM documents") ?? 0
                let imports = try Int.fetchOne(db, sql: "SELECT count(*) FROM imports WHERE undone_at IS NULL") ?? 0
                var byOrigin: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT origin, count(*) AS units FROM units GROUP BY origin") {
                    byOrigin[row["origin"]] = row["units"]
                }
                let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
                return MemoryStats(units: units, documents: documents, imports: imports,
                                   languages: units > 0 ? ["en", "zh"] : [], unitsByOrigin: byOrigin,
                                   bytes: pages * pageSize, location: path)
            }
        }
    }

    // MARK: - Fetching units

    /// The columns a stored unit is read from, in SELECT order: rows are
    /// read by these names' positions, which bulk reads (an export of a
    /// million units) need, without a lookup by name per column and row.
    enum UnitColumn: Int, CaseIterable {
        case id, en, zh, origin, document, importFile, position, confidence, changedAt, version, importID
        /// Read by exports only.
        case createdAt, changedBy, provenance

        var expression: String {
            switch self {
            case .id: return "u.id"
            case .en: return "u.en"
            case .zh: return "u.zh"
            case .origin: return "u.origin"
            case .document: return "d.name"
            case .importFile: return "i.file_name"
            case .position: return "u.position"
            case .confidence: return "u.confidence"
            case .changedAt: return "u.changed_at"
            case .version: return "u.version"
            case .importID: return "u.import_id"
            case .createdAt: return "u.created_at"
            case .changedBy: return "u.changed_by"
            case .provenance: return "u.provenance"
            }
        }

        static let forUnits = allCases.prefix { $0 != .createdAt }.map(\.expression).joined(separator: ", ")
        static let forExport = allCases.map(\.expression).joined(separator: ", ")
    }

    static let unitColumns = UnitColumn.forUnits
    static let unitJoins = "FROM units u LEFT JOIN documents d ON d.id = u.document_id LEFT JOIN imports i ON i.id = u.import_id"

    static func storedUnit(_ row: Row) -> StoredUnit {
        StoredUnit(id: row[.id], en: row[.en], zh: row[.zh], origin: Origin(rawValue: row[.origin]) ?? .manual,
                   document: row[.document], importFile: row[.importFile], position: row[.position], confidence: row[.confidence],
                   changedAt: Date(timeIntervalSince1970: TimeInterval(row[.changedAt] as Int64)), version: row[.version],
                   importID: row[.importID])
    }

    /// Units by id (in no particular order).
    func fetchUnits(_ db: Database, ids: [UInt32]) throws -> [StoredUnit] {
        guard !ids.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
        let rows = try Row.fetchAll(db, sql: "SELECT \(SQLiteMemory.unitColumns) \(SQLiteMemory.unitJoins) WHERE u.id IN (\(placeholders))",
                                    arguments: StatementArguments(ids.map { Int64($0) }))
        return rows.map(SQLiteMemory.storedUnit)
    }

    /// All units in id order (for exports and exhaustive checks), in batches.
    public func forEachUnit(batchSize: Int = 10_000, _ body: (StoredUnit) throws -> Void) throws {
        var last: Int64 = 0
        while true {
            let batch: [StoredUnit] = try mapped {
                try queue.read { db in
                    try Row.fetchAll(db, sql: "SELECT \(SQLiteMemory.unitColumns) \(SQLiteMemory.unitJoins) WHERE u.id > ? ORDER BY u.id LIMIT ?",
                                     arguments: [last, batchSize]).map(SQLiteMemory.storedUnit)
                }
            }
            if batch.isEmpty { return }
            for unit in batch { try body(unit) }
            last = batch.last!.id
        }
    }
}


extension Row {
    /// A unit column of a row selected with `UnitColumn`'s columns.
    /// (`Value` may be optional, for the columns that can be NULL.)
    subscript<Value: DatabaseValueConvertible>(_ column: SQLiteMemory.UnitColumn) -> Value {
        self[column.rawValue]
    }
}
