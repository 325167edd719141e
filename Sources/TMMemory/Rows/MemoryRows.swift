import Foundation
import TMText

/// `MaintainableMemory`'s reads and small writes, written once for every
/// memory that runs over the row layer.
extension MaintainableMemory where Self: RowStore {
    public func unit(_ id: Int64) throws -> StoredUnit? {
        try reading { try $0.storedUnits([id])[id] }
    }

    public func unitIDs(matching filter: UnitFilter, containing: TextCondition?, among: [Int64]?) throws -> [Int64] {
        try reading { try $0.unitIDs(matching: filter, containing: containing, among: among) }
    }

    public func duplicateGroups(language: Language, limit: Int) throws -> [[StoredUnit]] {
        let column = language == .en ? "en_hash" : "zh_hash"
        return try reading { rows in
            let hashes: [Int64] = try rows.column("""
                SELECT \(column) FROM units GROUP BY \(column) HAVING count(*) > 1 ORDER BY count(*) DESC, min(id) LIMIT ?
                """, limit)
            return try hashes.map { hash in
                let ids: [Int64] = try rows.column("SELECT id FROM units WHERE \(column) = ? ORDER BY id", hash)
                let units = try rows.storedUnits(ids)
                return ids.compactMap { units[$0] }
            }
        }
    }

    public func penalties() throws -> [Penalty] {
        try reading { try $0.penalties() }
    }

    public func setPenalty(_ scope: PenaltyScope, points: Int?) throws {
        try writing { rows in
            if let points = PenaltyTable.stored(points, for: scope) {
                try rows.execute("""
                    INSERT INTO penalties(scope, points) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET points = excluded.points
                    """, scope.key, points)
            } else {
                try rows.execute("DELETE FROM penalties WHERE scope = ?", scope.key)
            }
        }
    }

    public func forEachChange(_ body: (MemoryChange) throws -> Void) throws {
        // One read per change: a long history is never held whole.
        let ids: [Int64] = try reading { try $0.column("SELECT id FROM changes ORDER BY id") }
        for id in ids {
            if let change = try reading({ try $0.change(id, onlyUnit: nil, upTo: nil) }) { try body(change) }
        }
    }

    public func imports() throws -> [ImportRecord] {
        try reading { try $0.imports() }
    }

    public func history(unitID: Int64?, limit: Int) throws -> [MemoryChange] {
        try reading { try $0.history(unitID: unitID, limit: limit) }
    }
}

extension RowTransaction {
    public func penalties() throws -> [Penalty] {
        try rows("SELECT scope, points FROM penalties ORDER BY scope").map { Penalty(scope: try $0["scope"], points: try $0["points"]) }
    }
}

/// Lexicons and import checks, written once.
extension LexiconStore where Self: RowStore {
    public func storeLexicon(_ lexicon: StoredLexicon) throws {
        try writing { rows in
            try rows.execute("""
                INSERT INTO lexicons(name, content, imported_at, "user") VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET content = excluded.content, imported_at = excluded.imported_at, "user" = excluded."user"
                """, lexicon.name, lexicon.content, Int64(lexicon.importedAt.timeIntervalSince1970), lexicon.user)
        }
    }

    public func lexicons() throws -> [StoredLexicon] {
        try reading { rows in
            try rows.rows("SELECT name, content, imported_at, \"user\" FROM lexicons ORDER BY name").map { row in
                StoredLexicon(name: try row["name"], content: try row["content"],
                              importedAt: Date(timeIntervalSince1970: TimeInterval(try row["imported_at"] as Int64)), user: try row["user"])
            }
        }
    }
}

/// The memory's small reads, written once.
extension TranslationMemoryStore where Self: RowStore {
    public func unitCount() throws -> Int {
        try reading { try $0.value("SELECT count(*) FROM units") ?? 0 }
    }

    public func isImported(sha256: String) throws -> Bool {
        try reading { try $0.value("SELECT EXISTS(SELECT 1 FROM imports WHERE sha256 = ? AND undone_at IS NULL)", sha256) ?? false }
    }

    public func neighbours(of unitID: Int64, language: Language) throws -> (previous: String?, next: String?) {
        try reading { rows in
            guard let row = try rows.rows("SELECT document_id, position FROM units WHERE id = ?", unitID).first,
                  let document = try row["document_id"] as Int64?, let position = try row["position"] as Int64? else { return (nil, nil) }
            let sql = "SELECT \(language == .en ? "en" : "zh") FROM units WHERE document_id = ? AND position = ? ORDER BY id LIMIT 1"
            return (try rows.value(sql, document, position - 1, as: String.self).map(MatchText.normalized),
                    try rows.value(sql, document, position + 1, as: String.self).map(MatchText.normalized))
        }
    }
}
