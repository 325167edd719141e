import Foundation
import PostgresNIO
import TMGlossary
import TMMemory
import TMText

extension PostgresMemory {
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

extension PostgresMemory: GlossaryStore {}
