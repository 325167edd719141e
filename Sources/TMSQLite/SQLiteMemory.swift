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

    // MARK: - Schema

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-units-and-index") { db in
            try db.execute(sql: """
                CREATE TABLE imports(
                    id INTEGER PRIMARY KEY,
                    file_name TEXT NOT NULL,
                    format TEXT NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE,
                    imported_at INTEGER NOT NULL,
                    user TEXT,
                    added INTEGER NOT NULL DEFAULT 0,
                    duplicates INTEGER NOT NULL DEFAULT 0,
                    skipped INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE documents(
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    import_id INTEGER REFERENCES imports(id),
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE units(
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    en TEXT NOT NULL,
                    zh TEXT NOT NULL,
                    en_norm TEXT NOT NULL,
                    zh_norm TEXT NOT NULL,
                    en_hash INTEGER NOT NULL,
                    zh_hash INTEGER NOT NULL,
                    en_tokens INTEGER NOT NULL,
                    zh_tokens INTEGER NOT NULL,
                    origin TEXT NOT NULL,
                    import_id INTEGER REFERENCES imports(id),
                    document_id INTEGER REFERENCES documents(id),
                    position INTEGER,
                    confidence REAL,
                    created_at INTEGER NOT NULL,
                    changed_at INTEGER NOT NULL,
                    changed_by TEXT,
                    provenance TEXT,
                    UNIQUE(en_hash, zh_hash)
                );
                CREATE INDEX units_by_document ON units(document_id);
                CREATE TABLE terms(
                    lang INTEGER NOT NULL,
                    hash INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    PRIMARY KEY(lang, hash)
                ) WITHOUT ROWID;
                CREATE TABLE postings(
                    lang INTEGER NOT NULL,
                    term INTEGER NOT NULL,
                    import_id INTEGER NOT NULL,
                    unit_ids BLOB NOT NULL,
                    PRIMARY KEY(lang, term, import_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-glossary") { db in
            try db.execute(sql: """
                CREATE TABLE glossary(
                    id INTEGER PRIMARY KEY,
                    en TEXT NOT NULL,
                    zh TEXT NOT NULL,
                    status TEXT NOT NULL,
                    pos TEXT NOT NULL DEFAULT '',
                    note TEXT NOT NULL DEFAULT '',
                    source TEXT NOT NULL,
                    en_key TEXT NOT NULL,
                    zh_key TEXT NOT NULL,
                    UNIQUE(en_key, zh_key)
                );
                CREATE INDEX glossary_by_zh ON glossary(zh_key);
                CREATE INDEX glossary_by_source ON glossary(source);
                CREATE TABLE glossary_sources(
                    source TEXT PRIMARY KEY,
                    sha256 TEXT NOT NULL,
                    synced_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-unit-positions") { db in
            // Context matches look units up by their place in a document.
            try db.execute(sql: """
                CREATE INDEX units_by_position ON units(document_id, position);
                DROP INDEX units_by_document;
                """)
        }
        migrator.registerMigration("v4-units-plain-rowid") { db in
            // AUTOINCREMENT cost a sqlite_sequence update per inserted unit (about
            // a tenth of a large import). Units are never deleted, so the plain
            // rowid (the largest id plus one) gives the same ids.
            try db.execute(sql: """
                CREATE TABLE units_v4(
                    id INTEGER PRIMARY KEY,
                    en TEXT NOT NULL,
                    zh TEXT NOT NULL,
                    en_norm TEXT NOT NULL,
                    zh_norm TEXT NOT NULL,
                    en_hash INTEGER NOT NULL,
                    zh_hash INTEGER NOT NULL,
                    en_tokens INTEGER NOT NULL,
                    zh_tokens INTEGER NOT NULL,
                    origin TEXT NOT NULL,
                    import_id INTEGER REFERENCES imports(id),
                    document_id INTEGER REFERENCES documents(id),
                    position INTEGER,
                    confidence REAL,
                    created_at INTEGER NOT NULL,
                    changed_at INTEGER NOT NULL,
                    changed_by TEXT,
                    provenance TEXT,
                    UNIQUE(en_hash, zh_hash)
                );
                INSERT INTO units_v4 SELECT id, en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens, origin,
                    import_id, document_id, position, confidence, created_at, changed_at, changed_by, provenance FROM units;
                DROP TABLE units;
                ALTER TABLE units_v4 RENAME TO units;
                CREATE INDEX units_by_position ON units(document_id, position);
                DELETE FROM sqlite_sequence WHERE name = 'units';
                """)
        }
        migrator.registerMigration("v5-units-without-normalized-text") { db in
            // The normalized sides are a function of the text, computed in well
            // under a microsecond when a lookup verifies a candidate. Storing them
            // made the memory a quarter larger and a large import an eighth slower.
            try db.execute(sql: """
                ALTER TABLE units DROP COLUMN en_norm;
                ALTER TABLE units DROP COLUMN zh_norm;
                """)
        }
        migrator.registerMigration("v6-maintenance") { db in
            // Units can change: a version per unit (conflicting edits), imports
            // that can be undone, the other imports that brought a stored pair
            // again, the history of every change (`changes`, one row per
            // command; `change_units`, each unit before and after, as JSON),
            // and penalties per origin or import (`penalties`, scope "origin:aligned" or "import:12").
            try db.execute(sql: """
                ALTER TABLE units ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE imports ADD COLUMN undone_at INTEGER;
                ALTER TABLE imports ADD COLUMN undone_by TEXT;
                CREATE TABLE unit_sources(
                    unit_id INTEGER NOT NULL,
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    PRIMARY KEY(unit_id, import_id)
                ) WITHOUT ROWID;
                CREATE INDEX unit_sources_by_import ON unit_sources(import_id);
                CREATE TABLE changes(
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    user TEXT NOT NULL,
                    command TEXT NOT NULL,
                    import_id INTEGER,
                    revert_of INTEGER,
                    reverted_by INTEGER
                );
                CREATE TABLE change_units(
                    change_id INTEGER NOT NULL REFERENCES changes(id),
                    seq INTEGER NOT NULL,
                    unit_id INTEGER NOT NULL,
                    before TEXT,
                    after TEXT,
                    PRIMARY KEY(change_id, seq)
                ) WITHOUT ROWID;
                CREATE INDEX change_units_by_unit ON change_units(unit_id, change_id);
                CREATE TABLE penalties(
                    scope TEXT PRIMARY KEY,
                    points INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v7-lexicons") { db in
            // Dictionaries for the aligner, stored once (`tmkit lexicon import`).
            try db.execute(sql: """
                CREATE TABLE lexicons(
                    name TEXT PRIMARY KEY,
                    content BLOB NOT NULL,
                    imported_at INTEGER NOT NULL,
                    user TEXT
                );
                """)
        }
        migrator.registerMigration("v8-jobs") { db in
            // Articles being translated (`tmkit job`): each job files the units it
            // confirms under an import and a document of its own.
            try db.execute(sql: """
                CREATE TABLE jobs(
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    document_name TEXT NOT NULL,
                    format TEXT NOT NULL,
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    document_id INTEGER NOT NULL REFERENCES documents(id),
                    previous_job INTEGER REFERENCES jobs(id),
                    created_at INTEGER NOT NULL,
                    created_by TEXT NOT NULL
                );
                CREATE INDEX jobs_by_document ON jobs(document_name, id);
                CREATE TABLE job_segments(
                    job_id INTEGER NOT NULL REFERENCES jobs(id),
                    n INTEGER NOT NULL,
                    block INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    en TEXT NOT NULL,
                    zh TEXT NOT NULL,
                    status TEXT NOT NULL,
                    match TEXT,
                    score INTEGER,
                    unit_id INTEGER,
                    version INTEGER NOT NULL,
                    changed_by TEXT,
                    changed_at INTEGER,
                    words INTEGER NOT NULL,
                    PRIMARY KEY(job_id, n)
                ) WITHOUT ROWID;
                CREATE INDEX job_segments_by_source ON job_segments(job_id, en);
                """)
        }
        migrator.registerMigration("v9-shared-unit-placement") { db in
            // Where a unit stands in each later document that brought it again
            // (see `DocumentPlacement`): that document exports whole.
            try db.execute(sql: """
                ALTER TABLE unit_sources ADD COLUMN position INTEGER;
                ALTER TABLE unit_sources ADD COLUMN block INTEGER;
                ALTER TABLE unit_sources ADD COLUMN kind TEXT;
                """)
        }
        migrator.registerMigration("v10-glossary-removals") { db in
            // The glossary's history: every entry a sync or a replaced source took out.
            try db.execute(sql: """
                CREATE TABLE glossary_removals(
                    id INTEGER PRIMARY KEY,
                    removed_at INTEGER NOT NULL,
                    removed_by TEXT,
                    en TEXT NOT NULL,
                    zh TEXT NOT NULL,
                    status TEXT NOT NULL,
                    pos TEXT NOT NULL,
                    note TEXT NOT NULL,
                    source TEXT NOT NULL,
                    restored_at INTEGER
                );
                """)
        }
        return migrator
    }()

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

    /// Number of units (cheap).
    public func unitCount() throws -> Int {
        try mapped { try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM units") ?? 0 } }
    }

    public func storeLexicon(_ lexicon: StoredLexicon) throws {
        try mapped {
            try queue.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO lexicons(name, content, imported_at, user) VALUES (?, ?, ?, ?)",
                               arguments: [lexicon.name, lexicon.content, Int64(lexicon.importedAt.timeIntervalSince1970), lexicon.user])
            }
        }
    }

    public func lexicons() throws -> [StoredLexicon] {
        try mapped {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT name, content, imported_at, user FROM lexicons ORDER BY name").map { row in
                    StoredLexicon(name: row[0], content: row[1], importedAt: Date(timeIntervalSince1970: TimeInterval(row[2] as Int64)), user: row[3])
                }
            }
        }
    }

    public func isImported(sha256: String) throws -> Bool {
        try mapped {
            try queue.read { try Bool.fetchOne($0, sql: "SELECT EXISTS(SELECT 1 FROM imports WHERE sha256 = ? AND undone_at IS NULL)", arguments: [sha256]) ?? false }
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

extension SQLiteMemory {
    /// The normalized sides (in `language`) of the units just before and after
    /// a unit in its document, for context matches.
    public func neighbours(of unitID: Int64, language: Language) throws -> (previous: String?, next: String?) {
        try mapped {
            try queue.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT document_id, position FROM units WHERE id = ?", arguments: [unitID]),
                      let document: Int64 = row["document_id"], let position: Int = row["position"] else { return (nil, nil) }
                let column = language == .en ? "en" : "zh"
                let sql = "SELECT \(column) FROM units WHERE document_id = ? AND position = ? ORDER BY id LIMIT 1"
                return (try String.fetchOne(db, sql: sql, arguments: [document, position - 1]).map(MatchText.normalized),
                        try String.fetchOne(db, sql: sql, arguments: [document, position + 1]).map(MatchText.normalized))
            }
        }
    }
}

extension SQLiteMemory {
    /// Every unit (of one document, or changed since a date), in id order, read in batches.
    public func forEachUnitForExport(document: String?, since: Date?, batchSize: Int,
                                     _ body: (ExportedUnit) throws -> Void) throws {
        if let document { return try forEachUnitOfDocument(document, since: since, batchSize: batchSize, body) }
        var last: Int64 = 0
        while true {
            let batch: [ExportedUnit] = try mapped {
                try queue.read { db in
                    var sql = "SELECT \(UnitColumn.forExport) \(SQLiteMemory.unitJoins) WHERE u.id > ?"
                    var arguments: [any DatabaseValueConvertible] = [last]
                    if let document { sql += " AND d.name = ?"; arguments.append(document) }
                    if let since { sql += " AND u.changed_at >= ?"; arguments.append(Int64(since.timeIntervalSince1970)) }
                    sql += " ORDER BY u.id LIMIT ?"
                    arguments.append(batchSize)
                    return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(SQLiteMemory.exportedUnit)
                }
            }
            if batch.isEmpty { return }
            for unit in batch { try body(unit) }
            last = batch.last!.unit.id
        }
    }

    /// A document's units in its own order, those it shares with earlier
    /// imports included (a document is one file or article: its placements fit in memory).
    private func forEachUnitOfDocument(_ document: String, since: Date?, batchSize: Int,
                                       _ body: (ExportedUnit) throws -> Void) throws {
        let since = since.map { Int64($0.timeIntervalSince1970) } ?? Int64.min
        let placements: [DocumentPlacement] = try mapped {
            try queue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT u.id, u.position, NULL, NULL, 0 FROM units u JOIN documents d ON d.id = u.document_id
                    WHERE d.name = ? AND u.changed_at >= ?
                    UNION ALL
                    SELECT s.unit_id, s.position, s.block, s.kind, 1 FROM unit_sources s
                    JOIN documents d ON d.import_id = s.import_id JOIN units u ON u.id = s.unit_id
                    WHERE d.name = ? AND u.changed_at >= ?
                    """, arguments: [document, since, document, since]).map { row in
                    DocumentPlacement(unitID: row[0], position: row[1], block: row[2], kind: row[3], shared: row[4])
                }
            }
        }
        let ordered = DocumentPlacement.arranged(placements)
        for start in stride(from: 0, to: ordered.count, by: max(1, min(batchSize, 500))) {
            let slice = ordered[start..<min(start + max(1, min(batchSize, 500)), ordered.count)]
            let units: [Int64: ExportedUnit] = try mapped {
                try queue.read { db in
                    let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                    let rows = try Row.fetchAll(db, sql: "SELECT \(UnitColumn.forExport) \(SQLiteMemory.unitJoins) WHERE u.id IN (\(marks))",
                                                arguments: StatementArguments(slice.map(\.unitID)))
                    return Dictionary(rows.map(SQLiteMemory.exportedUnit).map { ($0.unit.id, $0) }, uniquingKeysWith: { a, _ in a })
                }
            }
            for placement in slice {
                if let unit = units[placement.unitID] { try body(placement.place(unit, in: document)) }
            }
        }
    }

    static func exportedUnit(_ row: Row) -> ExportedUnit {
        var provenance: [String: String] = [:]
        if let json = row[.provenance] as String?, let data = json.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] { provenance = object }
        return ExportedUnit(unit: SQLiteMemory.storedUnit(row), createdAt: Date(timeIntervalSince1970: TimeInterval(row[.createdAt] as Int64)),
                            user: row[.changedBy], provenance: provenance)
    }
}

extension Row {
    /// A unit column of a row selected with `UnitColumn`'s columns.
    /// (`Value` may be optional, for the columns that can be NULL.)
    subscript<Value: DatabaseValueConvertible>(_ column: SQLiteMemory.UnitColumn) -> Value {
        self[column.rawValue]
    }
}
