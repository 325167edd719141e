import Foundation
import Logging
import PostgresNIO
import TMMemory
import TMText

extension PostgresMemory {
    /// One transaction that takes turns with imports (their advisory lock):
    /// edits and imports rewrite the same posting chunks.
    public func maintain<T>(_ body: (any MaintenanceTransaction) throws -> T) throws -> T {
        try pool.withConnection { connection, logger in
            try transaction(connection, logger) {
                try connection.query("SELECT pg_advisory_xact_lock(\(PostgresMemory.importLock))", logger: logger).wait()
                return try body(PostgresMaintenance(connection: connection, logger: logger))
            }
        }
    }

    public func unit(_ id: Int64) throws -> StoredUnit? {
        try pool.withConnection { connection, logger in try fetchUnits(connection, logger, ids: [id])[id] }
    }

    public func unitIDs(matching filter: UnitFilter, containing: TextCondition?, among: [Int64]?) throws -> [Int64] {
        try pool.withConnection { connection, logger in
            try PostgresMaintenance(connection: connection, logger: logger).unitIDs(matching: filter, containing: containing, among: among)
        }
    }

    public func duplicateGroups(language: Language, limit: Int) throws -> [[StoredUnit]] {
        let column = language == .en ? "en_hash" : "zh_hash"
        return try pool.withConnection { connection, logger in
            let groups = try connection.query(PostgresQuery(unsafeSQL: """
                SELECT array_agg(id ORDER BY id) FROM units GROUP BY \(column) HAVING count(*) > 1 ORDER BY count(*) DESC, min(id) LIMIT $1
                """, binds: try PostgresMemory.binds(Int64(limit))), logger: logger).wait().rows.map { try $0.decode([Int64].self) }
            return try groups.map { ids in
                let units = try fetchUnits(connection, logger, ids: ids)
                return ids.compactMap { units[$0] }
            }
        }
    }

    public func penalties() throws -> [Penalty] {
        try pool.withConnection { connection, logger in try PostgresMemory.penalties(connection, logger) }
    }

    static func penalties(_ connection: PostgresConnection, _ logger: Logger) throws -> [Penalty] {
        try connection.query("SELECT scope, points FROM penalties ORDER BY scope", logger: logger).wait().rows.map { row in
            let (scope, points) = try row.decode((String, Int32).self)
            return Penalty(scope: scope, points: Int(points))
        }
    }

    public func setPenalty(_ scope: PenaltyScope, points: Int?) throws {
        try pool.withConnection { connection, logger in
            if let points = PenaltyTable.stored(points, for: scope) {
                try connection.query("""
                    INSERT INTO penalties(scope, points) VALUES (\(scope.key), \(Int32(clamping: points)))
                    ON CONFLICT (scope) DO UPDATE SET points = excluded.points
                    """, logger: logger).wait()
            } else {
                try connection.query("DELETE FROM penalties WHERE scope = \(scope.key)", logger: logger).wait()
            }
        }
    }

    public func forEachChange(_ body: (MemoryChange) throws -> Void) throws {
        let ids = try pool.withConnection { connection, logger in
            try connection.query("SELECT id FROM changes ORDER BY id", logger: logger).wait().rows.map { try $0.decode(Int64.self) }
        }
        for id in ids {
            let change = try pool.withConnection { connection, logger in try PostgresMaintenance(connection: connection, logger: logger).change(id) }
            if let change { try body(change) }
        }
    }

    public func imports() throws -> [ImportRecord] {
        try pool.withConnection { connection, logger in
            var current: [Int64: Int] = [:]
            for row in try connection.query("SELECT import_id, count(*) FROM units WHERE import_id IS NOT NULL GROUP BY import_id",
                                            logger: logger).wait().rows {
                let (id, n) = try row.decode((Int64, Int64).self)
                current[id] = Int(n)
            }
            return try connection.query("""
                SELECT i.id, i.file_name, i.format, i.imported_at, i."user", i.added, i.duplicates, i.skipped, i.undone_at, i.undone_by,
                       (SELECT name FROM documents WHERE import_id = i.id ORDER BY id LIMIT 1)
                FROM imports i ORDER BY i.id DESC
                """, logger: logger).wait().rows.map { row in
                let (id, file, format, at, user, added, duplicates, skipped, undoneAt, undoneBy, document) =
                    try row.decode((Int64, String, String, Int64, String?, Int32, Int32, Int32, Int64?, String?, String?).self)
                return ImportRecord(id: id, fileName: file, format: format, document: document,
                                    importedAt: Date(timeIntervalSince1970: TimeInterval(at)), user: user,
                                    added: Int(added), duplicates: Int(duplicates), skipped: Int(skipped), unitsNow: current[id] ?? 0,
                                    undoneAt: undoneAt.map { Date(timeIntervalSince1970: TimeInterval($0)) }, undoneBy: undoneBy)
            }
        }
    }

    public func history(unitID: Int64?, limit: Int) throws -> [MemoryChange] {
        try pool.withConnection { connection, logger in
            let ids: [Int64]
            if let unitID {
                ids = try connection.query("""
                    SELECT DISTINCT change_id FROM change_units WHERE unit_id = \(unitID) ORDER BY change_id DESC LIMIT \(Int64(limit))
                    """, logger: logger).wait().rows.map { try $0.decode(Int64.self) }
            } else {
                ids = try connection.query("SELECT id FROM changes ORDER BY id DESC LIMIT \(Int64(limit))", logger: logger)
                    .wait().rows.map { try $0.decode(Int64.self) }
            }
            let reader = PostgresMaintenance(connection: connection, logger: logger)
            return try ids.compactMap { try reader.change($0, onlyUnit: unitID, upTo: HistoryListing.unitsShown) }
        }
    }
}

/// The row-level steps of maintenance on one PostgreSQL transaction; lists
/// of values go to the server as arrays, a statement per batch.
final class PostgresMaintenance: MaintenanceTransaction {
    let connection: PostgresConnection
    let logger: Logger

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        try connection.query(query, logger: logger).wait().rows
    }

    func unitIDs(matching filter: UnitFilter, containing: TextCondition?, among: [Int64]?) throws -> [Int64] {
        var sql = "SELECT u.id FROM units u WHERE true"
        var binds = PostgresBindings()
        func next(_ value: some PostgresEncodable & Sendable) throws -> String {
            try binds.append(value)
            return "$\(binds.count)"
        }
        if !filter.origins.isEmpty { sql += " AND u.origin = ANY(\(try next(filter.origins)))" }
        if let document = filter.document {
            // The document's own units and those it shares with earlier imports.
            let mark = try next(document)
            sql += """
                 AND (u.document_id IN (SELECT id FROM documents WHERE name = \(mark))
                 OR u.id IN (SELECT s.unit_id FROM unit_sources s JOIN documents d ON d.import_id = s.import_id WHERE d.name = \(mark)))
                """
        }
        if let importID = filter.importID {
            let mark = try next(importID)
            sql += " AND (u.import_id = \(mark) OR u.id IN (SELECT unit_id FROM unit_sources WHERE import_id = \(mark)))"
        }
        if let since = filter.changedSince { sql += " AND u.changed_at >= \(try next(Int64(since.timeIntervalSince1970)))" }
        if let before = filter.changedBefore { sql += " AND u.changed_at < \(try next(Int64(before.timeIntervalSince1970)))" }
        if let user = filter.changedBy { sql += " AND u.changed_by = \(try next(user))" }
        if let below = filter.confidenceBelow { sql += " AND u.confidence < \(try next(below))" }
        if let above = filter.confidenceAbove { sql += " AND u.confidence > \(try next(above))" }
        if let containing {
            let column = containing.language == .en ? "u.en" : "u.zh"
            let mark = try next(containing.text)
            sql += containing.caseSensitive ? " AND strpos(\(column), \(mark)) > 0" : " AND strpos(lower(\(column)), lower(\(mark))) > 0"
        }
        if let among { sql += " AND u.id = ANY(\(try next(among)))" }
        return try rows(PostgresQuery(unsafeSQL: sql + " ORDER BY u.id", binds: binds)).map { try $0.decode(Int64.self) }
    }

    func unitIDs(withSide text: String, language: Language) throws -> [Int64] {
        let hash = Int64(bitPattern: StableHash.fnv1a(text))
        let query: PostgresQuery = language == .en ? "SELECT id FROM units WHERE en_hash = \(hash) ORDER BY id"
            : "SELECT id FROM units WHERE zh_hash = \(hash) ORDER BY id"
        return try rows(query).map { try $0.decode(Int64.self) }
    }

    func snapshots(_ ids: [Int64]) throws -> [Int64: UnitSnapshot] {
        var result: [Int64: UnitSnapshot] = [:]
        for start in stride(from: 0, to: ids.count, by: 5_000) {
            let slice = Array(ids[start..<min(start + 5_000, ids.count)])
            for row in try rows("""
                SELECT id, en, zh, origin, import_id, document_id, position, confidence, created_at, changed_at, changed_by, provenance, version
                FROM units WHERE id = ANY(\(slice))
                """) {
                let (id, en, zh, origin, importID, documentID, position, confidence, created, changed, changedBy, provenance, version) =
                    try row.decode((Int64, String, String, String, Int64?, Int64?, Int32?, Double?, Int64, Int64, String?, String?, Int64).self)
                result[id] = UnitSnapshot(en: en, zh: zh, origin: origin, importID: importID, documentID: documentID,
                                          position: position.map(Int.init), confidence: confidence, createdAt: created, changedAt: changed,
                                          changedBy: changedBy, provenance: provenance, version: version)
            }
            for row in try rows("SELECT unit_id, import_id FROM unit_sources WHERE unit_id = ANY(\(slice)) ORDER BY import_id") {
                let (unit, other) = try row.decode((Int64, Int64).self)
                result[unit]?.alsoImportedBy.append(other)
            }
        }
        return result
    }

    func unitID(holding pair: PairKey) throws -> Int64? {
        try rows("SELECT id FROM units WHERE en_hash = \(pair.enHash) AND zh_hash = \(pair.zhHash)").first?.decode(Int64.self)
    }

    func write(_ id: Int64, _ unit: IndexedUnit) throws {
        let s = unit.snapshot
        let position = s.position.map { Int32(clamping: $0) }
        _ = try rows("""
            INSERT INTO units(id, en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens, origin, import_id, document_id,
                              position, confidence, created_at, changed_at, changed_by, provenance, version)
            VALUES (\(id), \(s.en), \(s.zh), \(unit.en.normalized), \(unit.zh.normalized), \(unit.enHash), \(unit.zhHash),
                    \(Int32(unit.en.count)), \(Int32(unit.zh.count)), \(s.origin), \(s.importID), \(s.documentID), \(position),
                    \(s.confidence), \(s.createdAt), \(s.changedAt), \(s.changedBy), \(s.provenance), \(s.version))
            ON CONFLICT (id) DO UPDATE SET en = excluded.en, zh = excluded.zh, en_norm = excluded.en_norm, zh_norm = excluded.zh_norm,
                en_hash = excluded.en_hash, zh_hash = excluded.zh_hash, en_tokens = excluded.en_tokens, zh_tokens = excluded.zh_tokens,
                origin = excluded.origin, import_id = excluded.import_id, document_id = excluded.document_id, position = excluded.position,
                confidence = excluded.confidence, created_at = excluded.created_at, changed_at = excluded.changed_at,
                changed_by = excluded.changed_by, provenance = excluded.provenance, version = excluded.version
            """)
        _ = try rows("DELETE FROM unit_sources WHERE unit_id = \(id)")
        if !s.alsoImportedBy.isEmpty {
            _ = try rows("""
                INSERT INTO unit_sources(unit_id, import_id) SELECT \(id), unnest(\(s.alsoImportedBy)::int8[]) ON CONFLICT DO NOTHING
                """)
        }
    }

    func remove(_ ids: [Int64]) throws {
        for start in stride(from: 0, to: ids.count, by: 10_000) {
            let slice = Array(ids[start..<min(start + 10_000, ids.count)])
            _ = try rows("DELETE FROM units WHERE id = ANY(\(slice))")
            _ = try rows("DELETE FROM unit_sources WHERE unit_id = ANY(\(slice))")
        }
    }

    func chunks(lang: Int, terms: [UInt64]) throws -> [UInt64: [StoredChunk]] {
        var result: [UInt64: [StoredChunk]] = [:]
        let keys = terms.map { Int64(bitPattern: $0) }
        for row in try rows("""
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
        for row in try rows("""
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
            _ = try rows("""
                DELETE FROM postings p USING unnest(\(emptied.map { Int64(bitPattern: $0.term) })::int8[], \(emptied.map(\.chunk.key))::int8[])
                    AS t(term, key)
                WHERE p.lang = \(Int16(lang)) AND p.term = t.term AND p.import_id = t.key
                """)
        }
        for start in stride(from: 0, to: kept.count, by: 2_000) {
            let slice = kept[start..<min(start + 2_000, kept.count)]
            let blobs = slice.map { ByteBuffer(bytes: PostingList.encode($0.chunk.ids)) }
            _ = try rows("""
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
        return try rows("""
            SELECT nextval(pg_get_serial_sequence('units', 'id')) FROM generate_series(1, \(Int64(count)))
            """).map { try $0.decode(Int64.self) }
    }

    func hasChange(at: Int64, kind: ChangeKind, user: String, command: String) throws -> Bool {
        try rows("""
            SELECT EXISTS(SELECT 1 FROM changes WHERE at = \(at) AND kind = \(kind.rawValue) AND "user" = \(user) AND command = \(command))
            """).first!.decode(Bool.self)
    }

    func firstRecordedState(_ id: Int64) throws -> UnitSnapshot? {
        let json = try rows("""
            SELECT before FROM change_units WHERE unit_id = \(id) AND before IS NOT NULL ORDER BY change_id, seq LIMIT 1
            """).first?.decode(String.self)
        return try HistoryListing.decode(json)
    }

    func record(_ change: MemoryChange) throws -> MemoryChange {
        var recorded = change
        recorded.id = try rows("""
            INSERT INTO changes(kind, at, "user", command, import_id, revert_of)
            VALUES (\(change.kind.rawValue), \(Int64(change.at.timeIntervalSince1970)), \(change.user), \(change.command),
                    \(change.importID), \(change.revertOf))
            RETURNING id
            """).first!.decode(Int64.self)
        for start in stride(from: 0, to: change.units.count, by: 5_000) {
            let slice = Array(change.units[start..<min(start + 5_000, change.units.count)])
            let seqs = (start..<(start + slice.count)).map { Int32($0) }
            let before = slice.map { HistoryListing.encode($0.before) ?? "" }
            let after = slice.map { HistoryListing.encode($0.after) ?? "" }
            _ = try rows("""
                INSERT INTO change_units(change_id, seq, unit_id, before, after)
                SELECT \(recorded.id), seq, unit, NULLIF(b, ''), NULLIF(a, '')
                FROM unnest(\(seqs)::int4[], \(slice.map(\.unitID))::int8[], \(before)::text[], \(after)::text[]) AS t(seq, unit, b, a)
                """)
        }
        return recorded
    }

    func change(_ id: Int64) throws -> MemoryChange? {
        try change(id, onlyUnit: nil, upTo: nil)
    }

    /// A change with its units (only one unit's part, or the first `upTo`).
    func change(_ id: Int64, onlyUnit: Int64?, upTo: Int?) throws -> MemoryChange? {
        guard let row = try rows("""
            SELECT kind, at, "user", command, import_id, revert_of, reverted_by, (SELECT count(*) FROM change_units WHERE change_id = changes.id)
            FROM changes WHERE id = \(id)
            """).first else { return nil }
        let (kindName, at, user, command, importID, revertOf, revertedBy, total) =
            try row.decode((String, Int64, String, String, Int64?, Int64?, Int64?, Int64).self)
        guard let kind = ChangeKind(rawValue: kindName) else { return nil }
        let units = try rows("""
            SELECT unit_id, before, after FROM change_units
            WHERE change_id = \(id) AND (\(onlyUnit)::int8 IS NULL OR unit_id = \(onlyUnit))
            ORDER BY seq LIMIT \(Int64(upTo ?? Int(Int32.max)))
            """).map { unit in
            let (unitID, before, after) = try unit.decode((Int64, String?, String?).self)
            return UnitChange(unitID: unitID, before: try HistoryListing.decode(before), after: try HistoryListing.decode(after))
        }
        return MemoryChange(id: id, kind: kind, at: Date(timeIntervalSince1970: TimeInterval(at)), user: user, command: command,
                            importID: importID, revertOf: revertOf, revertedBy: revertedBy, units: units, totalUnits: Int(total))
    }

    func setRevertedBy(_ change: Int64, _ revertedBy: Int64?) throws {
        _ = try rows("UPDATE changes SET reverted_by = \(revertedBy) WHERE id = \(change)")
    }

    func importState(_ id: Int64) throws -> (undone: Bool, documentID: Int64?)? {
        guard let row = try rows("""
            SELECT undone_at, (SELECT id FROM documents WHERE import_id = imports.id ORDER BY id LIMIT 1) FROM imports WHERE id = \(id)
            """).first else { return nil }
        let (undoneAt, document) = try row.decode((Int64?, Int64?).self)
        return (undoneAt != nil, document)
    }

    func unitIDs(importedBy id: Int64) throws -> (filed: [Int64], alsoBrought: [Int64]) {
        (try rows("SELECT id FROM units WHERE import_id = \(id) ORDER BY id").map { try $0.decode(Int64.self) },
         try rows("SELECT unit_id FROM unit_sources WHERE import_id = \(id) ORDER BY unit_id").map { try $0.decode(Int64.self) })
    }

    func setImportUndone(_ id: Int64, at: Int64?, by: String?) throws {
        _ = try rows("UPDATE imports SET undone_at = \(at), undone_by = \(by) WHERE id = \(id)")
    }
}
