import Foundation
import GRDB
import TMMemory
import TMText

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
