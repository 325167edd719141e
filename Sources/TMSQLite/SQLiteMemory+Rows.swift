import Foundation
import GRDB
import TMMemory
import TMText

extension SQLiteMemory: RowStore {
    /// One IMMEDIATE transaction (taking turns with imports and other writers).
    public func maintain<T>(_ body: (any MaintenanceTransaction) throws -> T) throws -> T {
        defer { lengths.refreshNext() }
        return try mapped {
            try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(SQLiteTransaction(db))
                    return .commit
                }
                return result!
            }
        }
    }

    public func reading<T>(_ body: (any RowTransaction) throws -> T) throws -> T {
        try mapped { try queue.read { db in try body(SQLiteTransaction(db)) } }
    }

    public func writing<T>(_ body: (any RowTransaction) throws -> T) throws -> T {
        try mapped { try queue.write { db in try body(SQLiteTransaction(db)) } }
    }
}

/// The glossary's rows are the row layer's (`GlossaryRows`).
extension SQLiteMemory: GlossaryStore {}

/// One SQLite transaction: the row layer's statements, and the fuzzy
/// index's storage, which is SQLite's own (blobs read by length only).
final class SQLiteTransaction: MaintenanceTransaction, RowTransaction {
    let db: Database
    let dialect: any SQLDialect = SQLiteDialect()

    init(_ db: Database) {
        self.db = db
    }

    func rows(_ sql: String, _ values: [SQLValue]) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        let names = statement.columnNames
        let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(try values.map(SQLiteTransaction.databaseValue)))
        var result: [SQLRow] = []
        while let row = try cursor.next() {
            result.append(SQLRow(names: names, values: row.databaseValues.map(SQLiteTransaction.value)))
        }
        return result
    }

    func execute(_ sql: String, _ values: [SQLValue]) throws {
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(try values.map(SQLiteTransaction.databaseValue)))
    }

    static func databaseValue(_ value: SQLValue) throws -> DatabaseValue {
        switch value {
        case .null: return .null
        case .integer(let v): return v.databaseValue
        case .real(let v): return v.databaseValue
        case .text(let v): return v.databaseValue
        case .blob(let v): return v.databaseValue
        case .integers: throw RowError.wrongKind("?", value, wanted: "single value (SQLite binds no arrays)")
        }
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: return .null
        case .int64(let v): return .integer(v)
        case .double(let v): return .real(v)
        case .string(let v): return .text(v)
        case .blob(let v): return .blob(v)
        }
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
}
