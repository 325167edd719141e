import Foundation
import GRDB
import TMText

extension SQLiteMemory {
    /// Chunks a term may collect before its postings are merged into one.
    static let maxChunks = 16

    public func importUnits(from source: ImportSource, _ produce: (any UnitSink) throws -> Void) throws -> ImportSummary {
        try mapped {
            try queue.writeWithoutTransaction { db in
                var summary = ImportSummary()
                // IMMEDIATE: take the write lock first, so concurrent importers
                // wait for each other (busy timeout) instead of failing on upgrade.
                try db.inTransaction(.immediate) {
                    if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM imports WHERE sha256 = ?", arguments: [source.sha256]) {
                        summary.alreadyImported = true
                        summary.importID = existing
                        return .commit
                    }
                    let sink = try SQLiteImportSink(db: db, source: source)
                    try produce(sink)
                    summary = try sink.finish()
                    return .commit
                }
                return summary
            }
        }
    }
}

/// Stores the units of one import inside its transaction and builds their
/// postings in memory, written once at the end.
final class SQLiteImportSink: UnitSink {
    private let db: Database
    private let importID: Int64
    private let documentID: Int64
    private let insert: Statement
    private let now: Int64
    private let user: String?
    private var summary = ImportSummary()
    /// Known terms per language: text → id; new ones get ids from `nextTermID`.
    private var vocabulary: [[String: Int64]] = [[:], [:]]
    private var newTerms: [(id: Int64, lang: Int, text: String)] = []
    private var nextTermID: Int64
    private var postings: [Int64: [UInt32]] = [:]
    private var position = 0

    init(db: Database, source: ImportSource) throws {
        self.db = db
        now = Int64(Date().timeIntervalSince1970)
        user = source.user
        try db.execute(sql: "INSERT INTO imports(file_name, format, sha256, imported_at, user) VALUES (?, ?, ?, ?, ?)",
                       arguments: [source.fileName, source.format, source.sha256, now, source.user])
        importID = db.lastInsertedRowID
        try db.execute(sql: "INSERT INTO documents(name, import_id, created_at) VALUES (?, ?, ?)",
                       arguments: [source.documentName, importID, now])
        documentID = db.lastInsertedRowID
        insert = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO units(en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens, origin,
                import_id, document_id, position, confidence, created_at, changed_at, changed_by, provenance)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let rows = try Row.fetchCursor(db, sql: "SELECT id, lang, text FROM terms")
        var maxID: Int64 = 0
        while let row = try rows.next() {
            let id: Int64 = row[0]
            vocabulary[row[1] as Int][row[2] as String] = id
            maxID = max(maxID, id)
        }
        nextTermID = maxID + 1
    }

    func skip(reason: String) {
        summary.skipped[reason, default: 0] += 1
    }

    func add(_ unit: TranslationUnit) throws {
        defer { position += 1 }
        let en = MatchText(unit.en), zh = MatchText(unit.zh)
        let provenance: String? = unit.provenance.isEmpty ? nil
            : String(decoding: try JSONSerialization.data(withJSONObject: unit.provenance, options: [.sortedKeys]), as: UTF8.self)
        let created = unit.createdAt.map { Int64($0.timeIntervalSince1970) } ?? now
        let changed = unit.changedAt.map { Int64($0.timeIntervalSince1970) } ?? created
        try insert.execute(arguments: [
            unit.en, unit.zh, en.normalized, zh.normalized,
            Int64(bitPattern: StableHash.fnv1a(unit.en)), Int64(bitPattern: StableHash.fnv1a(unit.zh)),
            en.tokens.count, zh.tokens.count, unit.origin.rawValue,
            importID, documentID, unit.position ?? position, unit.confidence,
            created, changed, unit.user ?? user, provenance,
        ])
        guard db.changesCount > 0 else {
            summary.duplicates += 1
            return
        }
        summary.added += 1
        let unitID = UInt32(truncatingIfNeeded: db.lastInsertedRowID)
        for (lang, text) in [(0, en), (1, zh)] {
            for term in text.indexTerms {
                postings[termID(term, lang: lang), default: []].append(unitID)
            }
        }
    }

    private func termID(_ text: String, lang: Int) -> Int64 {
        if let id = vocabulary[lang][text] { return id }
        let id = nextTermID
        nextTermID += 1
        vocabulary[lang][text] = id
        newTerms.append((id, lang, text))
        return id
    }

    /// Writes new terms and one postings chunk per term; merges terms with many chunks.
    func finish() throws -> ImportSummary {
        let insertTerm = try db.makeStatement(sql: "INSERT INTO terms(id, lang, text) VALUES (?, ?, ?)")
        for term in newTerms {
            try insertTerm.execute(arguments: [term.id, term.lang, term.text])
        }
        let lastChunk = try db.makeStatement(sql: "SELECT max(chunk), count(*) FROM postings WHERE term_id = ?")
        let insertChunk = try db.makeStatement(sql: "INSERT INTO postings(term_id, chunk, unit_ids) VALUES (?, ?, ?)")
        for (term, ids) in postings {
            let row = try Row.fetchOne(lastChunk, arguments: [term])
            let last: Int64? = row?[0]
            let count: Int = row?[1] ?? 0
            if count + 1 >= SQLiteMemory.maxChunks {
                try mergeChunks(term: term, adding: ids)
            } else {
                try insertChunk.execute(arguments: [term, (last ?? -1) + 1, PostingList.encode(ids)])
            }
        }
        try db.execute(sql: "UPDATE imports SET added = ?, duplicates = ?, skipped = ? WHERE id = ?",
                       arguments: [summary.added, summary.duplicates, summary.skippedCount, importID])
        summary.importID = importID
        return summary
    }

    private func mergeChunks(term: Int64, adding ids: [UInt32]) throws {
        var all: [UInt32] = []
        for blob in try Data.fetchAll(db, sql: "SELECT unit_ids FROM postings WHERE term_id = ? ORDER BY chunk", arguments: [term]) {
            all += PostingList.decode(blob)
        }
        all += ids
        try db.execute(sql: "DELETE FROM postings WHERE term_id = ?", arguments: [term])
        try db.execute(sql: "INSERT INTO postings(term_id, chunk, unit_ids) VALUES (?, 0, ?)", arguments: [term, PostingList.encode(all)])
    }
}

/// Sorted unit ids stored as little-endian 32-bit integers: no decoding
/// beyond a copy, so long lists for common words stay cheap to read.
enum PostingList {
    static func encode(_ ids: [UInt32]) -> Data {
        var data = Data(count: ids.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (k, id) in ids.enumerated() { raw.storeBytes(of: id.littleEndian, toByteOffset: k * 4, as: UInt32.self) }
        }
        return data
    }

    static func decode(_ data: Data) -> [UInt32] {
        let count = data.count / 4
        return data.withUnsafeBytes { raw in
            (0..<count).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
    }
}
