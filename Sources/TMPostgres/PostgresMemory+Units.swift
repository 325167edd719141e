import Foundation
import PostgresNIO
import TMGlossary
import TMMemory
import TMText

extension PostgresMemory {
    public func neighbours(of unitID: Int64, language: Language) throws -> (previous: String?, next: String?) {
        let column = language == .en ? "en_norm" : "zh_norm"
        return try pool.withConnection { connection, logger in
            let rows = try connection.query(PostgresQuery(unsafeSQL: """
                SELECT n.position - u.position, n.\(column) FROM units u
                JOIN LATERAL (SELECT DISTINCT ON (position) position, \(column) FROM units
                              WHERE document_id = u.document_id AND position IN (u.position - 1, u.position + 1)
                              ORDER BY position, id) n ON true
                WHERE u.id = $1
                """, binds: try PostgresMemory.binds(unitID)), logger: logger).wait().rows
            var previous: String?, next: String?
            for row in rows {
                let (offset, text) = try row.decode((Int32, String).self)
                if offset < 0 { previous = text } else { next = text }
            }
            return (previous, next)
        }
    }

    public func forEachUnitForExport(document: String?, since: Date?, batchSize: Int, _ body: (ExportedUnit) throws -> Void) throws {
        let sinceSeconds = since.map { Int64($0.timeIntervalSince1970) } ?? Int64.min
        if let document { return try forEachUnitOfDocument(document, since: sinceSeconds, batchSize: batchSize, body) }
        var last: Int64 = 0
        while true {
            let batch: [ExportedUnit] = try pool.withConnection { connection, logger in
                try connection.query("""
                    SELECT \(unescaped: PostgresMemory.exportColumns) \(unescaped: PostgresMemory.exportJoins)
                    WHERE u.id > \(last) AND u.changed_at >= \(sinceSeconds)
                    ORDER BY u.id LIMIT \(Int64(batchSize))
                    """, logger: logger).wait().rows.map(PostgresMemory.exportedUnit)
            }
            if batch.isEmpty { return }
            for unit in batch { try body(unit) }
            last = batch.last!.unit.id
        }
    }

    /// A document's units in its own order, those it shares with earlier
    /// imports included (a document is one file or article: its placements fit in memory).
    private func forEachUnitOfDocument(_ document: String, since: Int64, batchSize: Int,
                                       _ body: (ExportedUnit) throws -> Void) throws {
        let placements: [DocumentPlacement] = try pool.withConnection { connection, logger in
            try connection.query("""
                SELECT u.id, u.position::int8, NULL::int8, NULL::text, false FROM units u JOIN documents d ON d.id = u.document_id
                WHERE d.name = \(document) AND u.changed_at >= \(since)
                UNION ALL
                SELECT s.unit_id, s.position, s.block, s.kind, true FROM unit_sources s
                JOIN documents d ON d.import_id = s.import_id JOIN units u ON u.id = s.unit_id
                WHERE d.name = \(document) AND u.changed_at >= \(since)
                """, logger: logger).wait().rows.map { row in
                let (id, position, block, kind, shared) = try row.decode((Int64, Int64?, Int64?, String?, Bool).self)
                return DocumentPlacement(unitID: id, position: position.map(Int.init), block: block.map(Int.init), kind: kind, shared: shared)
            }
        }
        let ordered = DocumentPlacement.arranged(placements)
        let step = max(1, min(batchSize, 1_000))
        for start in stride(from: 0, to: ordered.count, by: step) {
            let slice = ordered[start..<min(start + step, ordered.count)]
            let units: [Int64: ExportedUnit] = try pool.withConnection { connection, logger in
                let rows = try connection.query("""
                    SELECT \(unescaped: PostgresMemory.exportColumns) \(unescaped: PostgresMemory.exportJoins)
                    WHERE u.id = ANY(\(slice.map(\.unitID)))
                    """, logger: logger).wait().rows
                return Dictionary(try rows.map(PostgresMemory.exportedUnit).map { ($0.unit.id, $0) }, uniquingKeysWith: { a, _ in a })
            }
            for placement in slice {
                if let unit = units[placement.unitID] { try body(placement.place(unit, in: document)) }
            }
        }
    }

    static let exportColumns = """
        u.id, u.en, u.zh, u.origin, d.name, i.file_name, u.position, u.confidence, u.changed_at, u.created_at, u.changed_by, u.provenance
        """
    static let exportJoins = "FROM units u LEFT JOIN documents d ON d.id = u.document_id LEFT JOIN imports i ON i.id = u.import_id"

    static func exportedUnit(_ row: PostgresRow) throws -> ExportedUnit {
        let (id, en, zh, origin, documentName, file, position, confidence, changed, created, user, provenanceJSON) =
            try row.decode((Int64, String, String, String, String?, String?, Int32?, Double?, Int64, Int64, String?, String?).self)
        var provenance: [String: String] = [:]
        if let provenanceJSON, let object = try? JSONSerialization.jsonObject(with: Data(provenanceJSON.utf8)) as? [String: String] {
            provenance = object
        }
        let unit = StoredUnit(id: id, en: en, zh: zh, origin: Origin(rawValue: origin) ?? .manual, document: documentName,
                              importFile: file, position: position.map(Int.init), confidence: confidence,
                              changedAt: Date(timeIntervalSince1970: TimeInterval(changed)))
        return ExportedUnit(unit: unit, createdAt: Date(timeIntervalSince1970: TimeInterval(created)), user: user, provenance: provenance)
    }
}

extension PostgresMemory: GlossaryStore {
    public func glossaryEntries() throws -> [GlossaryEntry] {
        try pool.withConnection { connection, logger in
            try connection.query("SELECT en, zh, status, pos, note, source FROM glossary ORDER BY id", logger: logger).wait().rows.map { row in
                let (en, zh, status, pos, note, source) = try row.decode((String, String, String, String, String, String).self)
                return GlossaryEntry(en: en, zh: zh, status: TermStatus(rawValue: status) ?? .preferred, pos: pos, note: note, source: source)
            }
        }
    }

    public func replaceGlossary(source: String, sha256: String, entries: [GlossaryEntry], by user: String?) throws -> GlossaryImportSummary {
        try pool.withConnection { connection, logger in
            try transaction(connection, logger) {
                let before = try storedGlossary(connection, logger, source: source)
                try recordGlossaryRemovals(connection, logger, GlossaryRemoval.dropped(before: before, after: entries), by: user)
                try connection.query("DELETE FROM glossary WHERE source = \(source)", logger: logger).wait()
                let summary = try insertGlossary(connection, logger, entries.map { var e = $0; e.source = source; return e })
                let now = Int64(Date().timeIntervalSince1970)
                try connection.query("""
                    INSERT INTO glossary_sources(source, sha256, synced_at) VALUES (\(source), \(sha256), \(now))
                    ON CONFLICT (source) DO UPDATE SET sha256 = excluded.sha256, synced_at = excluded.synced_at
                    """, logger: logger).wait()
                return summary
            }
        }
    }

    public func addGlossaryEntries(_ entries: [GlossaryEntry]) throws -> GlossaryImportSummary {
        try pool.withConnection { connection, logger in
            try transaction(connection, logger) { try insertGlossary(connection, logger, entries) }
        }
    }

    public func glossarySourceHashes() throws -> [String: String] {
        try pool.withConnection { connection, logger in
            var hashes: [String: String] = [:]
            for row in try connection.query("SELECT source, sha256 FROM glossary_sources", logger: logger).wait().rows {
                let (source, sha) = try row.decode((String, String).self)
                hashes[source] = sha
            }
            return hashes
        }
    }

    public func removeGlossarySource(_ source: String, by user: String?) throws {
        try pool.withConnection { connection, logger in
            try transaction(connection, logger) {
                try recordGlossaryRemovals(connection, logger, try storedGlossary(connection, logger, source: source), by: user)
                try connection.query("DELETE FROM glossary WHERE source = \(source)", logger: logger).wait()
                try connection.query("DELETE FROM glossary_sources WHERE source = \(source)", logger: logger).wait()
            }
        }
    }

    public func glossaryRemovals(limit: Int) throws -> [GlossaryRemoval] {
        try pool.withConnection { connection, logger in
            try connection.query("""
                SELECT id, removed_at, removed_by, en, zh, status, pos, note, source, restored_at
                FROM glossary_removals ORDER BY id DESC LIMIT \(Int64(limit))
                """, logger: logger).wait().rows.map(PostgresMemory.glossaryRemoval)
        }
    }

    public func markGlossaryRemovalsRestored(_ ids: [Int64]) throws -> [GlossaryRemoval] {
        try pool.withConnection { connection, logger in
            try transaction(connection, logger) {
                let now = Int64(Date().timeIntervalSince1970)
                return try connection.query("""
                    UPDATE glossary_removals SET restored_at = \(now) WHERE id = ANY(\(ids)) AND restored_at IS NULL
                    RETURNING id, removed_at, removed_by, en, zh, status, pos, note, source, NULL::int8
                    """, logger: logger).wait().rows.map(PostgresMemory.glossaryRemoval).sorted { $0.id < $1.id }
            }
        }
    }

    private static func glossaryRemoval(_ row: PostgresRow) throws -> GlossaryRemoval {
        let (id, removedAt, removedBy, en, zh, status, pos, note, source, restoredAt) =
            try row.decode((Int64, Int64, String?, String, String, String, String, String, String, Int64?).self)
        return GlossaryRemoval(id: id, entry: GlossaryEntry(en: en, zh: zh, status: TermStatus(rawValue: status) ?? .preferred,
                                                            pos: pos, note: note, source: source),
                               removedAt: Date(timeIntervalSince1970: TimeInterval(removedAt)), removedBy: removedBy,
                               restoredAt: restoredAt.map { Date(timeIntervalSince1970: TimeInterval($0)) })
    }

    private func storedGlossary(_ connection: PostgresConnection, _ logger: Logger, source: String) throws -> [GlossaryEntry] {
        try connection.query("SELECT en, zh, status, pos, note, source FROM glossary WHERE source = \(source)", logger: logger)
            .wait().rows.map { row in
                let (en, zh, status, pos, note, source) = try row.decode((String, String, String, String, String, String).self)
                return GlossaryEntry(en: en, zh: zh, status: TermStatus(rawValue: status) ?? .preferred, pos: pos, note: note, source: source)
            }
    }

    private func recordGlossaryRemovals(_ connection: PostgresConnection, _ logger: Logger, _ removed: [GlossaryEntry], by user: String?) throws {
        let now = Int64(Date().timeIntervalSince1970)
        for entry in removed {
            try connection.query("""
                INSERT INTO glossary_removals(removed_at, removed_by, en, zh, status, pos, note, source)
                VALUES (\(now), \(user), \(entry.en), \(entry.zh), \(entry.status.rawValue), \(entry.pos), \(entry.note), \(entry.source))
                """, logger: logger).wait()
        }
    }

    /// Adds entries, or updates the status, part of speech and note of an
    /// entry with the same keys (as on SQLite: an empty field keeps the old value).
    func insertGlossary(_ connection: PostgresConnection, _ logger: Logger, _ entries: [GlossaryEntry]) throws -> GlossaryImportSummary {
        var summary = GlossaryImportSummary()
        for entry in entries {
            let enKey = entry.en.lowercased(), zhKey = MatchNormalizer.normalize(entry.zh)
            let inserted = try connection.query("""
                INSERT INTO glossary(en, zh, status, pos, note, source, en_key, zh_key)
                VALUES (\(entry.en), \(entry.zh), \(entry.status.rawValue), \(entry.pos), \(entry.note), \(entry.source), \(enKey), \(zhKey))
                ON CONFLICT (en_key, zh_key) DO UPDATE SET
                    status = excluded.status,
                    pos = CASE WHEN excluded.pos = '' THEN glossary.pos ELSE excluded.pos END,
                    note = CASE WHEN excluded.note = '' THEN glossary.note ELSE excluded.note END
                RETURNING (xmax = 0)
                """, logger: logger).wait().rows.first?.decode(Bool.self) ?? true
            if inserted { summary.added += 1 } else { summary.merged += 1 }
        }
        return summary
    }
}
