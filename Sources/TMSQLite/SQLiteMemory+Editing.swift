import Foundation
import GRDB
import TMMemory
import TMText

extension SQLiteMemory {
    /// One IMMEDIATE transaction (taking turns with imports and other writers).
    public func maintain<T>(_ body: (any MaintenanceTransaction) throws -> T) throws -> T {
        defer { lengths.refreshNext() }
        return try mapped {
            try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(SQLiteMaintenance(db))
                    return .commit
                }
                return result!
            }
        }
    }

    public func unit(_ id: Int64) throws -> StoredUnit? {
        try mapped { try queue.read { db in try fetchUnits(db, ids: [UInt32(clamping: id)]).first { $0.id == id } } }
    }

    public func unitIDs(matching filter: UnitFilter, containing: TextCondition?, among: [Int64]?) throws -> [Int64] {
        try mapped { try queue.read { db in try SQLiteMaintenance(db).unitIDs(matching: filter, containing: containing, among: among) } }
    }

    public func duplicateGroups(language: Language, limit: Int) throws -> [[StoredUnit]] {
        let column = language == .en ? "en_hash" : "zh_hash"
        return try mapped {
            try queue.read { db in
                let hashes = try Int64.fetchAll(db, sql: """
                    SELECT \(column) FROM units GROUP BY \(column) HAVING count(*) > 1 ORDER BY count(*) DESC, min(id) LIMIT ?
                    """, arguments: [limit])
                return try hashes.map { hash in
                    let ids = try Int64.fetchAll(db, sql: "SELECT id FROM units WHERE \(column) = ? ORDER BY id", arguments: [hash])
                    return try fetchUnits(db, ids: ids.map { UInt32(clamping: $0) }).sorted { $0.id < $1.id }
                }
            }
        }
    }

    public func penalties() throws -> [Penalty] {
        try mapped { try queue.read { try SQLiteMemory.penalties($0) } }
    }

    static func penalties(_ db: Database) throws -> [Penalty] {
        try Row.fetchAll(db, sql: "SELECT scope, points FROM penalties ORDER BY scope").map { Penalty(scope: $0[0], points: $0[1]) }
    }

    public func setPenalty(_ scope: PenaltyScope, points: Int?) throws {
        try mapped {
            try queue.write { db in
                if let points = PenaltyTable.stored(points, for: scope) {
                    try db.execute(sql: "INSERT OR REPLACE INTO penalties(scope, points) VALUES (?, ?)", arguments: [scope.key, points])
                } else {
                    try db.execute(sql: "DELETE FROM penalties WHERE scope = ?", arguments: [scope.key])
                }
            }
        }
    }

    public func forEachChange(_ body: (MemoryChange) throws -> Void) throws {
        let ids = try mapped { try queue.read { try Int64.fetchAll($0, sql: "SELECT id FROM changes ORDER BY id") } }
        for id in ids {
            if let change = try mapped({ try queue.read { try SQLiteMaintenance($0).change(id) } }) { try body(change) }
        }
    }

    public func imports() throws -> [ImportRecord] {
        try mapped {
            try queue.read { db in
                var current: [Int64: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT import_id, count(*) FROM units WHERE import_id IS NOT NULL GROUP BY import_id") {
                    current[row[0]] = row[1]
                }
                return try Row.fetchAll(db, sql: """
                    SELECT i.id, i.file_name, i.format, i.imported_at, i.user, i.added, i.duplicates, i.skipped, i.undone_at, i.undone_by,
                           (SELECT name FROM documents WHERE import_id = i.id ORDER BY id LIMIT 1) AS document
                    FROM imports i ORDER BY i.id DESC
                    """).map { row in
                    ImportRecord(id: row["id"], fileName: row["file_name"], format: row["format"], document: row["document"],
                                 importedAt: Date(timeIntervalSince1970: TimeInterval(row["imported_at"] as Int64)), user: row["user"],
                                 added: row["added"], duplicates: row["duplicates"], skipped: row["skipped"],
                                 unitsNow: current[row["id"]] ?? 0,
                                 undoneAt: (row["undone_at"] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) },
                                 undoneBy: row["undone_by"])
                }
            }
        }
    }

    public func history(unitID: Int64?, limit: Int) throws -> [MemoryChange] {
        try mapped {
            try queue.read { db in
                let ids: [Int64]
                if let unitID {
                    ids = try Int64.fetchAll(db, sql: "SELECT DISTINCT change_id FROM change_units WHERE unit_id = ? ORDER BY change_id DESC LIMIT ?",
                                             arguments: [unitID, limit])
                } else {
                    ids = try Int64.fetchAll(db, sql: "SELECT id FROM changes ORDER BY id DESC LIMIT ?", arguments: [limit])
                }
                let reader = SQLiteMaintenance(db)
                return try ids.compactMap { try reader.change($0, onlyUnit: unitID, upTo: HistoryListing.unitsShown) }
            }
        }
    }
}

/// The row-level steps of maintenance on one SQLite transaction.
final class SQLiteMaintenance: MaintenanceTransaction {
    let db: Database

    init(_ db: Database) {
        self.db = db
    }

    /// Runs `body` on `ids` a few hundred at a time (SQLite's limit on bound values).
    private func inBatches<T>(_ ids: [Int64], _ body: (_ marks: String, _ ids: [Int64]) throws -> [T]) throws -> [T] {
        var result: [T] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let slice = Array(ids[start..<min(start + 500, ids.count)])
            result += try body(Array(repeating: "?", count: slice.count).joined(separator: ","), slice)
        }
        return result
    }

    func unitIDs(matching filter: UnitFilter, containing: TextCondition?, among: [Int64]?) throws -> [Int64] {
        var sql = "SELECT u.id FROM units u WHERE 1 = 1"
        var arguments: [any DatabaseValueConvertible] = []
        func condition(_ clause: String, _ values: [any DatabaseValueConvertible]) {
            sql += " AND " + clause
            arguments += values
        }
        if !filter.origins.isEmpty {
            condition("u.origin IN (\(Array(repeating: "?", count: filter.origins.count).joined(separator: ",")))", filter.origins)
        }
        if let document = filter.document {
            // The document's own units and those it shares with earlier imports.
            condition("""
                (u.document_id IN (SELECT id FROM documents WHERE name = ?)
                 OR u.id IN (SELECT s.unit_id FROM unit_sources s JOIN documents d ON d.import_id = s.import_id WHERE d.name = ?))
                """, [document, document])
        }
        if let importID = filter.importID {
            condition("(u.import_id = ? OR u.id IN (SELECT unit_id FROM unit_sources WHERE import_id = ?))", [importID, importID])
        }
        if let since = filter.changedSince { condition("u.changed_at >= ?", [Int64(since.timeIntervalSince1970)]) }
        if let before = filter.changedBefore { condition("u.changed_at < ?", [Int64(before.timeIntervalSince1970)]) }
        if let user = filter.changedBy { condition("u.changed_by = ?", [user]) }
        if let below = filter.confidenceBelow { condition("u.confidence < ?", [below]) }
        if let above = filter.confidenceAbove { condition("u.confidence > ?", [above]) }
        if let containing {
            let column = containing.language == .en ? "u.en" : "u.zh"
            condition(containing.caseSensitive ? "instr(\(column), ?) > 0" : "instr(lower(\(column)), lower(?)) > 0", [containing.text])
        }
        guard let among else {
            return try Int64.fetchAll(db, sql: sql + " ORDER BY u.id", arguments: StatementArguments(arguments))
        }
        return try inBatches(among.sorted()) { marks, slice in
            try Int64.fetchAll(db, sql: sql + " AND u.id IN (\(marks)) ORDER BY u.id", arguments: StatementArguments(arguments + slice))
        }
    }

    func unitIDs(withSide text: String, language: Language) throws -> [Int64] {
        let column = language == .en ? "en_hash" : "zh_hash"
        return try Int64.fetchAll(db, sql: "SELECT id FROM units WHERE \(column) = ? ORDER BY id",
                                  arguments: [Int64(bitPattern: StableHash.fnv1a(text))])
    }

    func snapshots(_ ids: [Int64]) throws -> [Int64: UnitSnapshot] {
        var result: [Int64: UnitSnapshot] = [:]
        _ = try inBatches(ids) { marks, slice -> [Int] in
            for row in try Row.fetchAll(db, sql: """
                SELECT id, en, zh, origin, import_id, document_id, position, confidence, created_at, changed_at, changed_by, provenance, version
                FROM units WHERE id IN (\(marks))
                """, arguments: StatementArguments(slice)) {
                // By position (the SELECT's order): an undo reads every unit of an import.
                result[row[0]] = UnitSnapshot(
                    en: row[1], zh: row[2], origin: row[3], importID: row[4], documentID: row[5], position: row[6], confidence: row[7],
                    createdAt: row[8], changedAt: row[9], changedBy: row[10], provenance: row[11], version: row[12])
            }
            for row in try Row.fetchAll(db, sql: "SELECT unit_id, import_id FROM unit_sources WHERE unit_id IN (\(marks)) ORDER BY import_id",
                                        arguments: StatementArguments(slice)) {
                result[row[0]]?.alsoImportedBy.append(row[1])
            }
            return []
        }
        return result
    }

    func unitID(holding pair: PairKey) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM units WHERE en_hash = ? AND zh_hash = ?"), arguments: [pair.enHash, pair.zhHash])
    }

    func write(_ id: Int64, _ unit: IndexedUnit) throws {
        let s = unit.snapshot
        try db.cachedStatement(sql: """
            INSERT INTO units(id, en, zh, en_hash, zh_hash, en_tokens, zh_tokens, origin, import_id, document_id, position,
                              confidence, created_at, changed_at, changed_by, provenance, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET en = excluded.en, zh = excluded.zh, en_hash = excluded.en_hash, zh_hash = excluded.zh_hash,
                en_tokens = excluded.en_tokens, zh_tokens = excluded.zh_tokens, origin = excluded.origin, import_id = excluded.import_id,
                document_id = excluded.document_id, position = excluded.position, confidence = excluded.confidence,
                created_at = excluded.created_at, changed_at = excluded.changed_at, changed_by = excluded.changed_by,
                provenance = excluded.provenance, version = excluded.version
            """).execute(arguments: [id, s.en, s.zh, unit.enHash, unit.zhHash, unit.en.count, unit.zh.count, s.origin, s.importID,
                                     s.documentID, s.position, s.confidence, s.createdAt, s.changedAt, s.changedBy, s.provenance, s.version])
        try db.cachedStatement(sql: "DELETE FROM unit_sources WHERE unit_id = ?").execute(arguments: [id])
        for other in s.alsoImportedBy {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO unit_sources(unit_id, import_id) VALUES (?, ?)").execute(arguments: [id, other])
        }
    }

    func remove(_ ids: [Int64]) throws {
        // By runs of consecutive ids (an import's units mostly are one): a range
        // delete walks the table once instead of looking up each id.
        let units = try db.cachedStatement(sql: "DELETE FROM units WHERE id BETWEEN ? AND ?")
        let sources = try db.cachedStatement(sql: "DELETE FROM unit_sources WHERE unit_id BETWEEN ? AND ?")
        let sorted = ids.sorted()
        var k = 0
        while k < sorted.count {
            var end = k
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            try units.execute(arguments: [sorted[k], sorted[end]])
            try sources.execute(arguments: [sorted[k], sorted[end]])
            k = end + 1
        }
    }

    func chunks(lang: Int, terms: [UInt64]) throws -> [UInt64: [StoredChunk]] {
        var result: [UInt64: [StoredChunk]] = [:]
        _ = try inBatches(terms.map { Int64(bitPattern: $0) }) { marks, slice -> [Int] in
            for row in try Row.fetchAll(db, sql: """
                SELECT term, import_id, unit_ids FROM postings WHERE lang = ? AND term IN (\(marks)) ORDER BY term, import_id
                """, arguments: StatementArguments([Int64(lang)] + slice)) {
                result[UInt64(bitPattern: row[0]), default: []].append(StoredChunk(key: row[1], data: row[2]))
            }
            return []
        }
        return result
    }

    func chunkSummaries(lang: Int, terms: [UInt64]) throws -> [UInt64: ChunkSummary] {
        var result: [UInt64: ChunkSummary] = [:]
        _ = try inBatches(terms.map { Int64(bitPattern: $0) }) { marks, slice -> [Int] in
            // length() of a blob comes from the record header: a long list's pages are not read.
            for row in try Row.fetchAll(db, sql: """
                SELECT term, import_id, length(unit_ids), CASE WHEN import_id < 0 THEN unit_ids END
                FROM postings WHERE lang = ? AND term IN (\(marks))
                """, arguments: StatementArguments([Int64(lang)] + slice)) {
                let term = UInt64(bitPattern: row[0]), key: Int64 = row[1]
                var summary = result[term] ?? ChunkSummary(importBytes: 0, pending: [])
                if key < 0 { summary.pending.append(StoredChunk(key: key, data: row[3])) } else { summary.importBytes += row[2] as Int }
                result[term] = summary
            }
            return []
        }
        return result
    }

    func writeChunks(lang: Int, _ chunks: [TermChunk]) throws {
        let delete = try db.cachedStatement(sql: "DELETE FROM postings WHERE lang = ? AND term = ? AND import_id = ?")
        let store = try db.cachedStatement(sql: "INSERT OR REPLACE INTO postings(lang, term, import_id, unit_ids) VALUES (?, ?, ?, ?)")
        for item in chunks {
            let term = Int64(bitPattern: item.term)
            if item.chunk.ids.isEmpty {
                try delete.execute(arguments: [lang, term, item.chunk.key])
            } else {
                try store.execute(arguments: [lang, term, item.chunk.key, PostingList.encode(item.chunk.ids)])
            }
        }
    }

    func addTokenTexts(_ tokens: [NewToken]) throws {
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO terms(lang, hash, text) VALUES (?, ?, ?)")
        for token in tokens {
            try insert.execute(arguments: [token.language.storageCode, Int64(bitPattern: token.hash), token.text])
        }
    }

    func reserveUnitIDs(_ count: Int) throws -> [Int64] {
        // New units are numbered after every id the history knows (see the import sink).
        let largest = try Int64.fetchOne(db, sql: """
            SELECT max((SELECT coalesce(max(id), 0) FROM units), (SELECT coalesce(max(unit_id), 0) FROM change_units))
            """) ?? 0
        return (0..<Int64(count)).map { largest + 1 + $0 }
    }

    func hasChange(at: Int64, kind: ChangeKind, user: String, command: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM changes WHERE at = ? AND kind = ? AND user = ? AND command = ?)",
                          arguments: [at, kind.rawValue, user, command]) ?? false
    }

    func firstRecordedState(_ id: Int64) throws -> UnitSnapshot? {
        let json = try String.fetchOne(db, sql: """
            SELECT before FROM change_units WHERE unit_id = ? AND before IS NOT NULL ORDER BY change_id, seq LIMIT 1
            """, arguments: [id])
        return try HistoryListing.decode(json)
    }

    func record(_ change: MemoryChange) throws -> MemoryChange {
        try db.execute(sql: "INSERT INTO changes(kind, at, user, command, import_id, revert_of) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [change.kind.rawValue, Int64(change.at.timeIntervalSince1970), change.user, change.command,
                                   change.importID, change.revertOf])
        var recorded = change
        recorded.id = db.lastInsertedRowID
        let insert = try db.cachedStatement(sql: "INSERT INTO change_units(change_id, seq, unit_id, before, after) VALUES (?, ?, ?, ?, ?)")
        for (seq, unit) in change.units.enumerated() {
            try insert.execute(arguments: [recorded.id, seq, unit.unitID, HistoryListing.encode(unit.before), HistoryListing.encode(unit.after)])
        }
        return recorded
    }

    func change(_ id: Int64) throws -> MemoryChange? {
        try change(id, onlyUnit: nil, upTo: nil)
    }

    /// A change with its units (only one unit's part, or the first `upTo`).
    func change(_ id: Int64, onlyUnit: Int64?, upTo: Int?) throws -> MemoryChange? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM changes WHERE id = ?", arguments: [id]),
              let kind = ChangeKind(rawValue: row["kind"]) else { return nil }
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM change_units WHERE change_id = ?", arguments: [id]) ?? 0
        var sql = "SELECT unit_id, before, after FROM change_units WHERE change_id = ?"
        var arguments: [any DatabaseValueConvertible] = [id]
        if let onlyUnit { sql += " AND unit_id = ?"; arguments.append(onlyUnit) }
        sql += " ORDER BY seq"
        if let upTo { sql += " LIMIT ?"; arguments.append(upTo) }
        let units = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { unit in
            UnitChange(unitID: unit["unit_id"], before: try HistoryListing.decode(unit["before"]), after: try HistoryListing.decode(unit["after"]))
        }
        return MemoryChange(id: id, kind: kind, at: Date(timeIntervalSince1970: TimeInterval(row["at"] as Int64)), user: row["user"],
                            command: row["command"], importID: row["import_id"], revertOf: row["revert_of"], revertedBy: row["reverted_by"],
                            units: units, totalUnits: total)
    }

    func setRevertedBy(_ change: Int64, _ revertedBy: Int64?) throws {
        try db.execute(sql: "UPDATE changes SET reverted_by = ? WHERE id = ?", arguments: [revertedBy, change])
    }

    func importState(_ id: Int64) throws -> (undone: Bool, documentID: Int64?)? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT undone_at, (SELECT id FROM documents WHERE import_id = imports.id ORDER BY id LIMIT 1) AS document
            FROM imports WHERE id = ?
            """, arguments: [id]) else { return nil }
        return ((row["undone_at"] as Int64?) != nil, row["document"])
    }

    func unitIDs(importedBy id: Int64) throws -> (filed: [Int64], alsoBrought: [Int64]) {
        (try Int64.fetchAll(db, sql: "SELECT id FROM units WHERE import_id = ? ORDER BY id", arguments: [id]),
         try Int64.fetchAll(db, sql: "SELECT unit_id FROM unit_sources WHERE import_id = ? ORDER BY unit_id", arguments: [id]))
    }

    func setImportUndone(_ id: Int64, at: Int64?, by: String?) throws {
        try db.execute(sql: "UPDATE imports SET undone_at = ?, undone_by = ? WHERE id = ?", arguments: [at, by, id])
    }
}
