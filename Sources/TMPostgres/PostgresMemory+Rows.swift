import Foundation
import Logging
import PostgresNIO
import TMMemory
import TMText

extension PostgresMemory: RowStore {
    /// One transaction that takes turns with imports (their advisory lock):
    /// edits and imports rewrite the same posting chunks.
    public func maintain<T>(_ body: (any MaintenanceTransaction) throws -> T) throws -> T {
        try pool.withConnection { connection, logger in
            try transaction(connection, logger) {
                try connection.query("SELECT pg_advisory_xact_lock(\(PostgresMemory.importLock))", logger: logger).wait()
                return try body(PostgresTransaction(connection: connection, logger: logger))
            }
        }
    }

    /// One repeatable-read snapshot: what a reader reads at once agrees.
    public func reading<T>(_ body: (any RowTransaction) throws -> T) throws -> T {
        try pool.withConnection { connection, logger in
            try transaction(connection, logger, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
                try body(PostgresTransaction(connection: connection, logger: logger))
            }
        }
    }

    public func writing<T>(_ body: (any RowTransaction) throws -> T) throws -> T {
        try pool.withConnection { connection, logger in
            try transaction(connection, logger) { try body(PostgresTransaction(connection: connection, logger: logger)) }
        }
    }
}

/// One PostgreSQL transaction: the row layer's statements (placeholders
/// numbered, lists sent as arrays), and the fuzzy index's storage, which
/// is PostgreSQL's own (chunks written through `unnest`).
final class PostgresTransaction: MaintenanceTransaction, RowTransaction {
    let connection: PostgresConnection
    let logger: Logger
    let dialect: any SQLDialect = PostgresDialect()

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    func rows(_ sql: String, _ values: [SQLValue]) throws -> [SQLRow] {
        let result = try run(PostgresQuery(unsafeSQL: PostgresDialect.numbered(sql), binds: try Self.binds(values)))
        guard let first = result.first else { return [] }
        let names = first.map(\.columnName)
        return try result.map { row in SQLRow(names: names, values: try row.map(Self.value)) }
    }

    func execute(_ sql: String, _ values: [SQLValue]) throws {
        _ = try run(PostgresQuery(unsafeSQL: PostgresDialect.numbered(sql), binds: try Self.binds(values)))
    }

    private func run(_ query: PostgresQuery) throws -> [PostgresRow] {
        try connection.query(query, logger: logger).wait().rows
    }

    private static func binds(_ values: [SQLValue]) throws -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: binds.appendNull()
            case .integer(let v): try binds.append(v)
            case .real(let v): try binds.append(v)
            case .text(let v): try binds.append(v)
            case .blob(let v): try binds.append(ByteBuffer(bytes: v))
            case .integers(let v): try binds.append(v)
            }
        }
        return binds
    }

    private static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea: return .blob(Data(try cell.decode(ByteBuffer.self).readableBytesView))
        case .int8Array: return .integers(try cell.decode([Int64].self))
        case .numeric:
            // sum() of a bigint column.
            let number = try cell.decode(Decimal.self)
            let whole = NSDecimalNumber(decimal: number)
            return number == Decimal(whole.int64Value) ? .integer(whole.int64Value) : .real(whole.doubleValue)
        default: return .text(try cell.decode(String.self))
        }
    }

    func chunks(lang: Int, terms: [UInt64]) throws -> [UInt64: [StoredChunk]] {
        var result: [UInt64: [StoredChunk]] = [:]
        let keys = terms.map { Int64(bitPattern: $0) }
        for row in try run("""
            SELECT term, import_id, unit_ids FROM postings WHERE lang = \(Int16(lang)) AND term = ANY(\(keys)) ORDER BY term, import_id
            """) {
            let (term, key, blob) = try row.decode((Int64, Int64, ByteBuffer).self)
            result[UInt64(bitPattern: term), default: []].append(StoredChunk(key: key, data: Data(blob.readableBytesView)))
        }
        return result
    }

    func chunkSummaries(lang: Int, terms: [UInt64]) throws -> [UInt64: ChunkSummary] {
        var result: [UInt64: ChunkSummary] = [:]
        let keys = terms.map { Int64(bitPattern: $0) }
        // octet_length() of a stored value comes from its header: a long list is not detoasted.
        for row in try run("""
            SELECT term, import_id, octet_length(unit_ids)::int8, CASE WHEN import_id < 0 THEN unit_ids END
            FROM postings WHERE lang = \(Int16(lang)) AND term = ANY(\(keys))
            """) {
            let (term, key, bytes, blob) = try row.decode((Int64, Int64, Int64, ByteBuffer?).self)
            var summary = result[UInt64(bitPattern: term)] ?? ChunkSummary(importBytes: 0, pending: [])
            if key < 0 {
                summary.pending.append(StoredChunk(key: key, data: blob.map { Data($0.readableBytesView) } ?? Data()))
            } else {
                summary.importBytes += Int(bytes)
            }
            result[UInt64(bitPattern: term)] = summary
        }
        return result
    }

    func writeChunks(lang: Int, _ chunks: [TermChunk]) throws {
        let emptied = chunks.filter { $0.chunk.ids.isEmpty }, kept = chunks.filter { !$0.chunk.ids.isEmpty }
        if !emptied.isEmpty {
            _ = try run("""
                DELETE FROM postings p USING unnest(\(emptied.map { Int64(bitPattern: $0.term) })::int8[], \(emptied.map(\.chunk.key))::int8[])
                    AS t(term, key)
                WHERE p.lang = \(Int16(lang)) AND p.term = t.term AND p.import_id = t.key
                """)
        }
        for start in stride(from: 0, to: kept.count, by: 2_000) {
            let slice = kept[start..<min(start + 2_000, kept.count)]
            let blobs = slice.map { ByteBuffer(bytes: PostingList.encode($0.chunk.ids)) }
            _ = try run("""
                INSERT INTO postings(lang, term, import_id, unit_ids)
                SELECT \(Int16(lang)), term, key, ids
                FROM unnest(\(slice.map { Int64(bitPattern: $0.term) })::int8[], \(slice.map(\.chunk.key))::int8[], \(blobs)::bytea[]) AS t(term, key, ids)
                ON CONFLICT (lang, term, import_id) DO UPDATE SET unit_ids = excluded.unit_ids
                """)
        }
    }

    func addTokenTexts(_ tokens: [NewToken]) throws {
        var texts = TokenTexts()
        for token in tokens { texts.add(lang: token.language.storageCode, hash: token.hash, text: token.text) }
        try texts.store(connection, logger)
    }

    func reserveUnitIDs(_ count: Int) throws -> [Int64] {
        // Taken from the units' own sequence: no later unit is given them.
        guard count > 0 else { return [] }
        return try run("""
            SELECT nextval(pg_get_serial_sequence('units', 'id')) FROM generate_series(1, \(Int64(count)))
            """).map { try $0.decode(Int64.self) }
    }
}
