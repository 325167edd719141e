import Foundation

/// The history's rows (`changes`, `change_units`), written once over the row layer.
extension RowTransaction {
    public func hasChange(at: Int64, kind: ChangeKind, user: String, command: String) throws -> Bool {
        try value("""
            SELECT EXISTS(SELECT 1 FROM changes WHERE at = ? AND kind = ? AND "user" = ? AND command = ?)
            """, at, kind.rawValue, user, command) ?? false
    }

    public func firstRecordedState(_ id: Int64) throws -> UnitSnapshot? {
        try HistoryListing.decode(try value("""
            SELECT before FROM change_units WHERE unit_id = ? AND before IS NOT NULL ORDER BY change_id, seq LIMIT 1
            """, id, as: String.self))
    }

    public func record(_ change: MemoryChange) throws -> MemoryChange {
        var recorded = change
        recorded.id = try value("""
            INSERT INTO changes(kind, at, "user", command, import_id, revert_of) VALUES (?, ?, ?, ?, ?, ?) RETURNING id
            """, change.kind.rawValue, Int64(change.at.timeIntervalSince1970), change.user, change.command, change.importID,
            change.revertOf) ?? 0
        try insert(into: "change_units", columns: ["change_id", "seq", "unit_id", "before", "after"],
                   rows: change.units.enumerated().map { seq, unit in
                       [.integer(recorded.id), .integer(Int64(seq)), .integer(unit.unitID), HistoryListing.encode(unit.before).sqlValue,
                        HistoryListing.encode(unit.after).sqlValue]
                   })
        return recorded
    }

    public func change(_ id: Int64) throws -> MemoryChange? {
        try change(id, onlyUnit: nil, upTo: nil)
    }

    public func setRevertedBy(_ change: Int64, _ revertedBy: Int64?) throws {
        try execute("UPDATE changes SET reverted_by = ? WHERE id = ?", revertedBy, change)
    }
}

extension RowTransaction {
    /// A change with its units (only one unit's part, or the first `upTo`).
    public func change(_ id: Int64, onlyUnit: Int64?, upTo: Int?) throws -> MemoryChange? {
        guard let row = try rows("""
            SELECT kind, at, "user", command, import_id, revert_of, reverted_by,
                   (SELECT count(*) FROM change_units WHERE change_id = changes.id) AS total
            FROM changes WHERE id = ?
            """, id).first, let kind = ChangeKind(rawValue: try row["kind"]) else { return nil }
        var sql = "SELECT unit_id, before, after FROM change_units WHERE change_id = ?"
        var values: [SQLValue] = [.integer(id)]
        if let onlyUnit { sql += " AND unit_id = ?"; values.append(.integer(onlyUnit)) }
        sql += " ORDER BY seq"
        if let upTo { sql += " LIMIT ?"; values.append(.integer(Int64(upTo))) }
        let units = try rows(sql, values).map { unit in
            UnitChange(unitID: try unit["unit_id"], before: try HistoryListing.decode(try unit["before"]),
                       after: try HistoryListing.decode(try unit["after"]))
        }
        return MemoryChange(id: id, kind: kind, at: Date(timeIntervalSince1970: TimeInterval(try row["at"] as Int64)), user: try row["user"],
                            command: try row["command"], importID: try row["import_id"], revertOf: try row["revert_of"],
                            revertedBy: try row["reverted_by"], units: units, totalUnits: try row["total"])
    }

    /// Changes, newest first: all of them, or those touching one unit.
    public func history(unitID: Int64?, limit: Int) throws -> [MemoryChange] {
        let ids: [Int64] = if let unitID {
            try column("SELECT DISTINCT change_id FROM change_units WHERE unit_id = ? ORDER BY change_id DESC LIMIT ?", unitID, limit)
        } else {
            try column("SELECT id FROM changes ORDER BY id DESC LIMIT ?", limit)
        }
        return try ids.compactMap { try change($0, onlyUnit: unitID, upTo: HistoryListing.unitsShown) }
    }

    /// Imports, newest first, with how many units each still files.
    public func imports() throws -> [ImportRecord] {
        var current: [Int64: Int] = [:]
        for row in try rows("SELECT import_id, count(*) AS n FROM units WHERE import_id IS NOT NULL GROUP BY import_id") {
            current[try row["import_id"]] = try row["n"]
        }
        return try rows("""
            SELECT i.id, i.file_name, i.format, i.imported_at, i."user", i.added, i.duplicates, i.skipped, i.undone_at, i.undone_by,
                   (SELECT name FROM documents WHERE import_id = i.id ORDER BY id LIMIT 1) AS document
            FROM imports i ORDER BY i.id DESC
            """).map { row in
            let id: Int64 = try row["id"]
            return ImportRecord(id: id, fileName: try row["file_name"], format: try row["format"], document: try row["document"],
                                importedAt: Date(timeIntervalSince1970: TimeInterval(try row["imported_at"] as Int64)), user: try row["user"],
                                added: try row["added"], duplicates: try row["duplicates"], skipped: try row["skipped"],
                                unitsNow: current[id] ?? 0,
                                undoneAt: (try row["undone_at"] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) },
                                undoneBy: try row["undone_by"])
        }
    }
}
