import Foundation
import TMGlossary
import TMText

/// The glossary's tables (`glossary`, `glossary_sources`, `glossary_removals`),
/// written once for every memory that runs over the row layer.
extension GlossaryStore where Self: RowStore {
    public func glossaryEntries() throws -> [GlossaryEntry] {
        try reading { try $0.rows("SELECT en, zh, status, pos, note, source FROM glossary ORDER BY id").map(GlossaryRowsReading.entry) }
    }

    public func replaceGlossary(source: String, sha256: String, entries: [GlossaryEntry], by user: String?) throws -> GlossaryImportSummary {
        try writing { rows in
            try rows.recordGlossaryRemovals(GlossaryRemoval.dropped(before: try rows.glossaryEntries(source: source), after: entries), by: user)
            try rows.execute("DELETE FROM glossary WHERE source = ?", source)
            let summary = try rows.insertGlossary(entries.map { var entry = $0; entry.source = source; return entry })
            try rows.execute("""
                INSERT INTO glossary_sources(source, sha256, synced_at) VALUES (?, ?, ?)
                ON CONFLICT (source) DO UPDATE SET sha256 = excluded.sha256, synced_at = excluded.synced_at
                """, source, sha256, Int64(Date().timeIntervalSince1970))
            return summary
        }
    }

    public func addGlossaryEntries(_ entries: [GlossaryEntry]) throws -> GlossaryImportSummary {
        try writing { try $0.insertGlossary(entries) }
    }

    public func glossarySourceHashes() throws -> [String: String] {
        try reading { rows in
            Dictionary(try rows.rows("SELECT source, sha256 FROM glossary_sources").map { (try $0["source"] as String, try $0["sha256"] as String) },
                       uniquingKeysWith: { first, _ in first })
        }
    }

    public func removeGlossarySource(_ source: String, by user: String?) throws {
        try writing { rows in
            try rows.recordGlossaryRemovals(try rows.glossaryEntries(source: source), by: user)
            try rows.execute("DELETE FROM glossary WHERE source = ?", source)
            try rows.execute("DELETE FROM glossary_sources WHERE source = ?", source)
        }
    }

    public func glossaryRemovals(limit: Int) throws -> [GlossaryRemoval] {
        try reading { rows in
            try rows.rows("SELECT \(GlossaryRowsReading.removalColumns) FROM glossary_removals ORDER BY id DESC LIMIT ?", limit)
                .map(GlossaryRowsReading.removal)
        }
    }

    public func markGlossaryRemovalsRestored(_ ids: [Int64]) throws -> [GlossaryRemoval] {
        try writing { rows in
            let now = Int64(Date().timeIntervalSince1970)
            var restored: [GlossaryRemoval] = []
            for id in ids {
                guard let row = try rows.rows("""
                    SELECT \(GlossaryRowsReading.removalColumns) FROM glossary_removals WHERE id = ? AND restored_at IS NULL
                    """, id).first else { continue }
                try rows.execute("UPDATE glossary_removals SET restored_at = ? WHERE id = ?", now, id)
                restored.append(try GlossaryRowsReading.removal(row))
            }
            return restored
        }
    }
}

extension RowTransaction {
    /// Adds entries, or updates the status, part of speech and note of the
    /// entry with the same keys (an empty field keeps the old value).
    public func insertGlossary(_ entries: [GlossaryEntry]) throws -> GlossaryImportSummary {
        var summary = GlossaryImportSummary()
        for entry in entries {
            let enKey = entry.en.lowercased(), zhKey = MatchNormalizer.normalize(entry.zh)
            let exists: Bool = try value("SELECT EXISTS(SELECT 1 FROM glossary WHERE en_key = ? AND zh_key = ?)", enKey, zhKey) ?? false
            if exists { summary.merged += 1 } else { summary.added += 1 }
            try execute("""
                INSERT INTO glossary(en, zh, status, pos, note, source, en_key, zh_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (en_key, zh_key) DO UPDATE SET
                    status = excluded.status,
                    pos = CASE WHEN excluded.pos = '' THEN glossary.pos ELSE excluded.pos END,
                    note = CASE WHEN excluded.note = '' THEN glossary.note ELSE excluded.note END
                """, entry.en, entry.zh, entry.status.rawValue, entry.pos, entry.note, entry.source, enKey, zhKey)
        }
        return summary
    }

    func glossaryEntries(source: String) throws -> [GlossaryEntry] {
        try rows("SELECT en, zh, status, pos, note, source FROM glossary WHERE source = ?", source).map(GlossaryRowsReading.entry)
    }

    func recordGlossaryRemovals(_ removed: [GlossaryEntry], by user: String?) throws {
        let now = Int64(Date().timeIntervalSince1970)
        try insert(into: "glossary_removals", columns: ["removed_at", "removed_by", "en", "zh", "status", "pos", "note", "source"],
                   rows: removed.map { entry in
                       [.integer(now), user.sqlValue, .text(entry.en), .text(entry.zh), .text(entry.status.rawValue), .text(entry.pos),
                        .text(entry.note), .text(entry.source)]
                   })
    }
}

/// How glossary rows read back.
enum GlossaryRowsReading {
    static let removalColumns = "id, removed_at, removed_by, en, zh, status, pos, note, source, restored_at"

    static func entry(_ row: SQLRow) throws -> GlossaryEntry {
        GlossaryEntry(en: try row["en"], zh: try row["zh"], status: TermStatus(rawValue: try row["status"]) ?? .preferred,
                      pos: try row["pos"], note: try row["note"], source: try row["source"])
    }

    static func removal(_ row: SQLRow) throws -> GlossaryRemoval {
        GlossaryRemoval(id: try row["id"], entry: try entry(row),
                        removedAt: Date(timeIntervalSince1970: TimeInterval(try row["removed_at"] as Int64)), removedBy: try row["removed_by"],
                        restoredAt: (try row["restored_at"] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) })
    }
}
