import Foundation
import GRDB
import TMGlossary
import TMMemory
import TMText

extension SQLiteMemory: GlossaryStore {
    static func glossaryKeys(_ entry: GlossaryEntry) -> (String, String) {
        (entry.en.lowercased(), MatchNormalizer.normalize(entry.zh))
    }

    public func glossaryEntries() throws -> [GlossaryEntry] {
        try mapped {
            try queue.read { db in
                var result: [GlossaryEntry] = []
                let rows = try Row.fetchCursor(db, sql: "SELECT en, zh, status, pos, note, source FROM glossary ORDER BY id")
                while let row = try rows.next() {
                    result.append(GlossaryEntry(en: row["en"], zh: row["zh"], status: TermStatus(rawValue: row["status"]) ?? .preferred,
                                                pos: row["pos"], note: row["note"], source: row["source"]))
                }
                return result
            }
        }
    }

    public func replaceGlossary(source: String, sha256: String, entries: [GlossaryEntry], by user: String?) throws -> GlossaryImportSummary {
        try mapped {
            try queue.write { db in
                try recordRemovals(db, GlossaryRemoval.dropped(before: try storedEntries(db, source: source), after: entries), by: user)
                try db.execute(sql: "DELETE FROM glossary WHERE source = ?", arguments: [source])
                let summary = try insert(db, entries.map { var e = $0; e.source = source; return e })
                try db.execute(sql: "INSERT OR REPLACE INTO glossary_sources(source, sha256, synced_at) VALUES (?, ?, ?)",
                               arguments: [source, sha256, Int64(Date().timeIntervalSince1970)])
                return summary
            }
        }
    }

    public func addGlossaryEntries(_ entries: [GlossaryEntry]) throws -> GlossaryImportSummary {
        try mapped { try queue.write { db in try insert(db, entries) } }
    }

    public func glossarySourceHashes() throws -> [String: String] {
        try mapped {
            try queue.read { db in
                Dictionary(try Row.fetchAll(db, sql: "SELECT source, sha256 FROM glossary_sources").map { ($0["source"] as String, $0["sha256"] as String) },
                           uniquingKeysWith: { a, _ in a })
            }
        }
    }

    public func removeGlossarySource(_ source: String, by user: String?) throws {
        try mapped {
            try queue.write { db in
                try recordRemovals(db, try storedEntries(db, source: source), by: user)
                try db.execute(sql: "DELETE FROM glossary WHERE source = ?", arguments: [source])
                try db.execute(sql: "DELETE FROM glossary_sources WHERE source = ?", arguments: [source])
            }
        }
    }

    public func glossaryRemovals(limit: Int) throws -> [GlossaryRemoval] {
        try mapped {
            try queue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT id, removed_at, removed_by, en, zh, status, pos, note, source, restored_at
                    FROM glossary_removals ORDER BY id DESC LIMIT ?
                    """, arguments: [limit]).map(SQLiteMemory.removal)
            }
        }
    }

    public func markGlossaryRemovalsRestored(_ ids: [Int64]) throws -> [GlossaryRemoval] {
        try mapped {
            try queue.write { db in
                let now = Int64(Date().timeIntervalSince1970)
                var restored: [GlossaryRemoval] = []
                for id in ids {
                    guard let row = try Row.fetchOne(db, sql: """
                        SELECT id, removed_at, removed_by, en, zh, status, pos, note, source, restored_at
                        FROM glossary_removals WHERE id = ? AND restored_at IS NULL
                        """, arguments: [id]) else { continue }
                    try db.execute(sql: "UPDATE glossary_removals SET restored_at = ? WHERE id = ?", arguments: [now, id])
                    restored.append(SQLiteMemory.removal(row))
                }
                return restored
            }
        }
    }

    private static func removal(_ row: Row) -> GlossaryRemoval {
        GlossaryRemoval(id: row["id"],
                        entry: GlossaryEntry(en: row["en"], zh: row["zh"], status: TermStatus(rawValue: row["status"]) ?? .preferred,
                                             pos: row["pos"], note: row["note"], source: row["source"]),
                        removedAt: Date(timeIntervalSince1970: TimeInterval(row["removed_at"] as Int64)), removedBy: row["removed_by"],
                        restoredAt: (row["restored_at"] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) })
    }

    private func storedEntries(_ db: Database, source: String) throws -> [GlossaryEntry] {
        try Row.fetchAll(db, sql: "SELECT en, zh, status, pos, note, source FROM glossary WHERE source = ?", arguments: [source]).map { row in
            GlossaryEntry(en: row["en"], zh: row["zh"], status: TermStatus(rawValue: row["status"]) ?? .preferred,
                          pos: row["pos"], note: row["note"], source: row["source"])
        }
    }

    private func recordRemovals(_ db: Database, _ removed: [GlossaryEntry], by user: String?) throws {
        let now = Int64(Date().timeIntervalSince1970)
        let statement = try db.makeStatement(sql: """
            INSERT INTO glossary_removals(removed_at, removed_by, en, zh, status, pos, note, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for entry in removed {
            try statement.execute(arguments: [now, user, entry.en, entry.zh, entry.status.rawValue, entry.pos, entry.note, entry.source])
        }
    }

    private func insert(_ db: Database, _ entries: [GlossaryEntry]) throws -> GlossaryImportSummary {
        var summary = GlossaryImportSummary()
        let statement = try db.makeStatement(sql: """
            INSERT INTO glossary(en, zh, status, pos, note, source, en_key, zh_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(en_key, zh_key) DO UPDATE SET
                status = excluded.status,
                pos = CASE WHEN excluded.pos = '' THEN pos ELSE excluded.pos END,
                note = CASE WHEN excluded.note = '' THEN note ELSE excluded.note END
            """)
        let exists = try db.makeStatement(sql: "SELECT 1 FROM glossary WHERE en_key = ? AND zh_key = ?")
        for entry in entries {
            let (enKey, zhKey) = SQLiteMemory.glossaryKeys(entry)
            if try Int.fetchOne(exists, arguments: [enKey, zhKey]) != nil { summary.merged += 1 } else { summary.added += 1 }
            try statement.execute(arguments: [entry.en, entry.zh, entry.status.rawValue, entry.pos, entry.note, entry.source, enKey, zhKey])
        }
        return summary
    }
}
