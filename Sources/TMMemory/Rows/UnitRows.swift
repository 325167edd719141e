import Foundation
import TMText

/// The unit operations of `MaintenanceTransaction`, written once over the row
/// layer: a backend that implements `RowTransaction` gets them as they are.
extension RowTransaction {
    public func unitIDs(matching filter: UnitFilter, containing: TextCondition?, among: [Int64]?) throws -> [Int64] {
        var sql = "SELECT u.id FROM units u WHERE 1 = 1"
        var values: [SQLValue] = []
        func condition(_ clause: String, _ more: [SQLValue]) {
            sql += " AND " + clause
            values += more
        }
        if !filter.origins.isEmpty {
            condition("u.origin IN (\(Array(repeating: "?", count: filter.origins.count).joined(separator: ",")))", filter.origins.map(\.sqlValue))
        }
        if let document = filter.document {
            // The document's own units and those it shares with earlier imports.
            condition("""
                (u.document_id IN (SELECT id FROM documents WHERE name = ?)
                 OR u.id IN (SELECT s.unit_id FROM unit_sources s JOIN documents d ON d.import_id = s.import_id WHERE d.name = ?))
                """, [.text(document), .text(document)])
        }
        if let importID = filter.importID {
            condition("(u.import_id = ? OR u.id IN (SELECT unit_id FROM unit_sources WHERE import_id = ?))", [.integer(importID), .integer(importID)])
        }
        if let since = filter.changedSince { condition("u.changed_at >= ?", [.integer(Int64(since.timeIntervalSince1970))]) }
        if let before = filter.changedBefore { condition("u.changed_at < ?", [.integer(Int64(before.timeIntervalSince1970))]) }
        if let user = filter.changedBy { condition("u.changed_by = ?", [.text(user)]) }
        if let below = filter.confidenceBelow { condition("u.confidence < ?", [.real(below)]) }
        if let above = filter.confidenceAbove { condition("u.confidence > ?", [.real(above)]) }
        if let containing {
            let column = containing.language == .en ? "u.en" : "u.zh"
            condition(containing.caseSensitive ? "\(dialect.position(of: "?", in: column)) > 0"
                      : "\(dialect.position(of: "lower(?)", in: "lower(\(column))")) > 0", [.text(containing.text)])
        }
        guard let among else { return try rows(sql + " ORDER BY u.id", values).map { try $0["id"] } }
        return try inBatches(among.sorted()) { isOneOf in
            let (clause, ids) = isOneOf("u.id")
            return try rows(sql + " AND \(clause) ORDER BY u.id", values + ids).map { try $0["id"] as Int64 }
        }
    }

    public func unitIDs(withSide text: String, language: Language) throws -> [Int64] {
        try column("SELECT id FROM units WHERE \(language == .en ? "en_hash" : "zh_hash") = ? ORDER BY id", Int64(bitPattern: StableHash.fnv1a(text)))
    }

    public func snapshots(_ ids: [Int64]) throws -> [Int64: UnitSnapshot] {
        var result: [Int64: UnitSnapshot] = [:]
        _ = try inBatches(ids) { isOneOf -> [Int] in
            let (clause, values) = isOneOf("id")
            for row in try rows("""
                SELECT id, en, zh, origin, import_id, document_id, position, confidence, created_at, changed_at, changed_by, provenance, version
                FROM units WHERE \(clause)
                """, values) {
                result[try row["id"]] = UnitSnapshot(
                    en: try row["en"], zh: try row["zh"], origin: try row["origin"], importID: try row["import_id"],
                    documentID: try row["document_id"], position: try row["position"], confidence: try row["confidence"],
                    createdAt: try row["created_at"], changedAt: try row["changed_at"], changedBy: try row["changed_by"],
                    provenance: try row["provenance"], version: try row["version"])
            }
            let (sources, sourceValues) = isOneOf("unit_id")
            for row in try rows("SELECT unit_id, import_id FROM unit_sources WHERE \(sources) ORDER BY import_id", sourceValues) {
                result[try row["unit_id"]]?.alsoImportedBy.append(try row["import_id"])
            }
            return []
        }
        return result
    }

    public func unitID(holding pair: PairKey) throws -> Int64? {
        try value("SELECT id FROM units WHERE en_hash = ? AND zh_hash = ?", pair.enHash, pair.zhHash)
    }

    public func write(_ id: Int64, _ unit: IndexedUnit) throws {
        let s = unit.snapshot
        var columns = ["id", "en", "zh", "en_hash", "zh_hash", "en_tokens", "zh_tokens", "origin", "import_id", "document_id", "position",
                       "confidence", "created_at", "changed_at", "changed_by", "provenance", "version"]
        var values: [SQLValue] = [.integer(id), .text(s.en), .text(s.zh), .integer(unit.enHash), .integer(unit.zhHash),
                                  .integer(Int64(unit.en.count)), .integer(Int64(unit.zh.count)), .text(s.origin), s.importID.sqlValue,
                                  s.documentID.sqlValue, s.position.sqlValue, s.confidence.sqlValue, .integer(s.createdAt),
                                  .integer(s.changedAt), s.changedBy.sqlValue, s.provenance.sqlValue, .integer(s.version)]
        if dialect.storesNormalizedSides {
            columns += ["en_norm", "zh_norm"]
            values += [.text(unit.en.normalized), .text(unit.zh.normalized)]
        }
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try execute("INSERT INTO units(\(columns.joined(separator: ", "))) VALUES (\(marks)) ON CONFLICT (id) DO UPDATE SET \(updates)", values)
        try execute("DELETE FROM unit_sources WHERE unit_id = ?", id)
        try insert(into: "unit_sources", columns: ["unit_id", "import_id"], rows: s.alsoImportedBy.map { [.integer(id), .integer($0)] },
                   onConflict: "DO NOTHING")
    }

    public func remove(_ ids: [Int64]) throws {
        // Runs of consecutive ids (an import's units mostly are one) go as
        // ranges, which walk the table once; the rest as lists.
        let sorted = ids.sorted()
        var scattered: [Int64] = []
        var k = 0
        while k < sorted.count {
            var end = k
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            if end - k >= 7 {
                try execute("DELETE FROM units WHERE id BETWEEN ? AND ?", sorted[k], sorted[end])
                try execute("DELETE FROM unit_sources WHERE unit_id BETWEEN ? AND ?", sorted[k], sorted[end])
            } else {
                scattered += sorted[k...end]
            }
            k = end + 1
        }
        _ = try inBatches(scattered) { isOneOf -> [Int] in
            let (units, values) = isOneOf("id"), (sources, _) = isOneOf("unit_id")
            try execute("DELETE FROM units WHERE \(units)", values)
            try execute("DELETE FROM unit_sources WHERE \(sources)", values)
            return []
        }
    }

    public func importState(_ id: Int64) throws -> (undone: Bool, documentID: Int64?)? {
        guard let row = try rows("""
            SELECT undone_at, (SELECT id FROM documents WHERE import_id = imports.id ORDER BY id LIMIT 1) AS document
            FROM imports WHERE id = ?
            """, id).first else { return nil }
        return ((try row["undone_at"] as Int64?) != nil, try row["document"])
    }

    public func unitIDs(importedBy id: Int64) throws -> (filed: [Int64], alsoBrought: [Int64]) {
        (try column("SELECT id FROM units WHERE import_id = ? ORDER BY id", id),
         try column("SELECT unit_id FROM unit_sources WHERE import_id = ? ORDER BY unit_id", id))
    }

    public func setImportUndone(_ id: Int64, at: Int64?, by: String?) throws {
        try execute("UPDATE imports SET undone_at = ?, undone_by = ? WHERE id = ?", at, by, id)
    }
}

/// The columns and joins a `StoredUnit` is read from.
let storedUnitSelect = """
    SELECT u.id, u.en, u.zh, u.origin, d.name AS document, i.file_name, u.position, u.confidence, u.changed_at, u.version, u.import_id
    FROM units u LEFT JOIN documents d ON d.id = u.document_id LEFT JOIN imports i ON i.id = u.import_id
    """

extension RowTransaction {
    public func storedUnit(_ row: SQLRow) throws -> StoredUnit {
        StoredUnit(id: try row["id"], en: try row["en"], zh: try row["zh"], origin: Origin(rawValue: try row["origin"]) ?? .manual,
                   document: try row["document"], importFile: try row["file_name"], position: try row["position"],
                   confidence: try row["confidence"], changedAt: Date(timeIntervalSince1970: TimeInterval(try row["changed_at"] as Int64)),
                   version: try row["version"], importID: try row["import_id"])
    }

    /// Units by id (in no particular order).
    public func storedUnits(_ ids: [Int64]) throws -> [Int64: StoredUnit] {
        var units: [Int64: StoredUnit] = [:]
        _ = try inBatches(ids) { isOneOf -> [Int] in
            let (clause, values) = isOneOf("u.id")
            for row in try rows(storedUnitSelect + " WHERE \(clause)", values) {
                let unit = try storedUnit(row)
                units[unit.id] = unit
            }
            return []
        }
        return units
    }
}
