import Foundation
import GRDB
import TMGlossary
import TMText

/// What a glossary import did.
public struct GlossaryImportSummary: Sendable, Equatable, Codable {
    public var added = 0
    /// Entries whose English and Chinese sides were already there (their status, part of speech and note were updated).
    public var merged = 0
    public init() {}

    public init(added: Int, merged: Int) {
        self.added = added
        self.merged = merged
    }
}

/// The glossary tables the use cases need, kept in the memory's database.
public protocol GlossaryStore: AnyObject {
    func glossaryEntries() throws -> [GlossaryEntry]
    /// Replaces every entry from `source` with `entries`, in one transaction, and records the source's hash.
    func replaceGlossary(source: String, sha256: String, entries: [GlossaryEntry]) throws -> GlossaryImportSummary
    /// Adds or merges entries (their own `source` is kept).
    func addGlossaryEntries(_ entries: [GlossaryEntry]) throws -> GlossaryImportSummary
    /// The hash recorded for each synced source.
    func glossarySourceHashes() throws -> [String: String]
    /// Removes the entries of sources that no longer exist.
    func removeGlossarySource(_ source: String) throws
}

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
                    result.append(GlossaryEntry(en: row[0], zh: row[1], status: TermStatus(rawValue: row[2]) ?? .preferred,
                                                pos: row[3], note: row[4], source: row[5]))
                }
                return result
            }
        }
    }

    public func replaceGlossary(source: String, sha256: String, entries: [GlossaryEntry]) throws -> GlossaryImportSummary {
        try mapped {
            try queue.write { db in
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
                Dictionary(try Row.fetchAll(db, sql: "SELECT source, sha256 FROM glossary_sources").map { ($0[0] as String, $0[1] as String) },
                           uniquingKeysWith: { a, _ in a })
            }
        }
    }

    public func removeGlossarySource(_ source: String) throws {
        try mapped {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM glossary WHERE source = ?", arguments: [source])
                try db.execute(sql: "DELETE FROM glossary_sources WHERE source = ?", arguments: [source])
            }
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
