import Foundation
import GRDB
import TMMemory
import TMText

extension SQLiteMemory {
    public func importUnits(from source: ImportSource, _ produce: (any UnitSink) throws -> Void) throws -> ImportSummary {
        defer { lengths.invalidate() }
        return try mapped {
            try queue.writeWithoutTransaction { db in
                var summary = ImportSummary()
                // The sink writes the import and document rows its units refer
                // to itself, so SQLite's per-row foreign-key lookups (two per
                // unit, about a tenth of the insert) cannot find anything.
                // The pragma only changes outside a transaction.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                // IMMEDIATE: take the write lock first, so concurrent importers
                // wait for each other (busy timeout) instead of failing on upgrade.
                try db.inTransaction(.immediate) {
                    if let existing = try Row.fetchOne(db, sql: "SELECT id, undone_at FROM imports WHERE sha256 = ?", arguments: [source.sha256]) {
                        if existing["undone_at"] as Int64? == nil {
                            summary.alreadyImported = true
                            summary.importID = existing["id"]
                            return .commit
                        }
                        // Undone: the file may come in again; the old row stays for the history.
                        try db.execute(sql: "UPDATE imports SET sha256 = sha256 || '-undone-' || id WHERE id = ?", arguments: [existing["id"] as Int64])
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
/// postings in memory, written once at the end (one chunk per term).
final class SQLiteImportSink: UnitSink {
    private let db: Database
    private let importID: Int64
    private let documentID: Int64
    private var insert: RawStatement
    private let now: Int64
    private let user: String?
    private var summary = ImportSummary()
    private let indexer: ImportIndexer
    private let hadPostings: Bool
    private var position = 0
    private let alsoBrought: Statement
    /// The id of the next unit when it cannot be left to SQLite (see `init`).
    private var nextID: Int64?

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
        insert = RawStatement(try db.makeStatement(sql: """
            INSERT OR IGNORE INTO units(id, en, zh, en_hash, zh_hash, en_tokens, zh_tokens, origin,
                import_id, document_id, position, confidence, created_at, changed_at, changed_by, provenance)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """), in: db)
        alsoBrought = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO unit_sources(unit_id, import_id, position, block, kind)
            SELECT id, ?, ?, ?, ? FROM units WHERE en_hash = ? AND zh_hash = ? AND import_id IS NOT ?
            """)
        // SQLite numbers a new row after the largest id present; a deleted
        // unit's id must not come back (the history names it), so the first
        // new unit is numbered after every id the history knows.
        let largest = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM units") ?? 0
        let largestKnown = try Int64.fetchOne(db, sql: "SELECT coalesce(max(unit_id), 0) FROM change_units") ?? 0
        nextID = largestKnown > largest ? largestKnown + 1 : nil
        var knownTokens = [HashSet64(), HashSet64()]
        let rows = try Row.fetchCursor(db, sql: "SELECT lang, hash FROM terms")
        while let row = try rows.next() {
            // By position (lang, hash): every token of the memory is read here.
            knownTokens[row[0] as Int].insert(UInt64(bitPattern: row[1] as Int64))
        }
        indexer = ImportIndexer(knownTokens: knownTokens)
        hadPostings = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM postings)") ?? false
    }

    func skip(reason: String) {
        summary.skipped[reason, default: 0] += 1
    }

    /// Units wait in batches: while one batch is stored, the next ones are
    /// normalized and tokenized on another core.
    private static let batchSize = 512
    private var pending: [TranslationUnit] = []
    /// Batches being prepared, oldest first.
    private var inFlight: [PreparedBatch] = []
    /// Two batches in preparation rather than one absorb the moments when the
    /// reader and the indexer hold the other core (about 8% faster at 1M units).
    private static let batchesAhead = 2

    func add(_ unit: TranslationUnit) throws {
        pending.append(unit)
        if pending.count >= SQLiteImportSink.batchSize { try flushBatch() }
    }

    /// Starts preparing the pending units and stores the batches prepared
    /// before, keeping `batchesAhead` in preparation (none when draining).
    private func flushBatch(draining: Bool = false) throws {
        if !pending.isEmpty {
            inFlight.append(PreparedBatch(pending))
            pending.removeAll(keepingCapacity: true)
        }
        while inFlight.count > (draining ? 0 : SQLiteImportSink.batchesAhead) {
            let oldest = inFlight.removeFirst()
            oldest.wait()
            try store(oldest)
        }
    }

    /// Stores a batch's rows, then hands the ids of the new ones to the indexer.
    private func store(_ batch: PreparedBatch) throws {
        var stored: [StoredRow] = []
        stored.reserveCapacity(batch.units.count)
        // Borrowed in place: copying each unit and its texts out of the array
        // costs more reference counting than the insert's own work.
        let rows = batch.rows
        try batch.units.withUnsafeBufferPointer { units in
            for k in units.indices {
                if let id = try store(units[k], rows[k]) { stored.append(StoredRow(index: k, id: id)) }
            }
        }
        indexer.index(batch, stored: stored)
    }

    /// Inserts a unit with its prepared row; returns its id, or nil when the pair was already stored.
    private func store(_ unit: TranslationUnit, _ row: PreparedRow) throws -> UInt32? {
        defer { position += 1 }
        let provenance: String? = unit.provenance.isEmpty ? nil
            : String(decoding: try JSONSerialization.data(withJSONObject: unit.provenance, options: [.sortedKeys]), as: UTF8.self)
        let created = unit.createdAt.map { Int64($0.timeIntervalSince1970) } ?? now
        let changed = unit.changedAt.map { Int64($0.timeIntervalSince1970) } ?? created
        if let nextID { insert.bind(nextID) } else { insert.bindNull() }
        insert.bind(unit.en)
        insert.bind(unit.zh)
        insert.bind(row.enHash)
        insert.bind(row.zhHash)
        insert.bind(row.enTokens)
        insert.bind(row.zhTokens)
        insert.bind(unit.origin.rawValue)
        insert.bind(importID)
        insert.bind(documentID)
        insert.bind(Int64(unit.position ?? position))
        insert.bind(unit.confidence)
        insert.bind(created)
        insert.bind(changed)
        insert.bind(unit.user ?? user)
        insert.bind(provenance)
        try insert.run()
        guard db.changesCount > 0 else {
            summary.duplicates += 1
            // Stored before by another import: undoing either one keeps the pair.
            let placement = DocumentPlacement.sourceFields(of: unit, position: position)
            try alsoBrought.execute(arguments: [importID, placement.position, placement.block, placement.kind, row.enHash, row.zhHash, importID])
            return nil
        }
        nextID = nil
        summary.added += 1
        return UInt32(truncatingIfNeeded: db.lastInsertedRowID)
    }

    /// Writes the new tokens and one postings chunk per term; merges terms with many chunks.
    func finish() throws -> ImportSummary {
        try flushBatch(draining: true)
        let index = indexer.drain()
        let insertTerm = try db.makeStatement(sql: "INSERT OR IGNORE INTO terms(lang, hash, text) VALUES (?, ?, ?)")
        for token in index.newTokens {
            try insertTerm.execute(arguments: [token.language.storageCode, Int64(bitPattern: token.hash), token.text])
        }
        let insertChunk = try db.makeStatement(sql: "INSERT INTO postings(lang, term, import_id, unit_ids) VALUES (?, ?, ?, ?)")
        let chunkCount = try db.makeStatement(sql: "SELECT count(*) FROM postings WHERE lang = ? AND term = ?")
        for (lang, builder) in index.postings.enumerated() {
            try builder.forEachTerm { term, ids in
                let key = Int64(bitPattern: term)
                try insertChunk.execute(arguments: [lang, key, importID, PostingList.encode(ids)])
                if hadPostings, try Int.fetchOne(chunkCount, arguments: [lang, key]) ?? 0 > PostingList.maxChunks {
                    try mergeChunks(lang: lang, term: key)
                }
            }
        }
        try db.execute(sql: "UPDATE imports SET added = ?, duplicates = ?, skipped = ? WHERE id = ?",
                       arguments: [summary.added, summary.duplicates, summary.skippedCount, importID])
        summary.importID = importID
        return summary
    }

    /// Joins a term's chunks into one, filed under the newest import.
    private func mergeChunks(lang: Int, term: Int64) throws {
        let chunks = try Row.fetchAll(db, sql: "SELECT import_id, unit_ids FROM postings WHERE lang = ? AND term = ? ORDER BY import_id",
                                      arguments: [lang, term]).map { (key: $0[0] as Int64, data: $0[1] as Data) }
        try db.execute(sql: "DELETE FROM postings WHERE lang = ? AND term = ?", arguments: [lang, term])
        try db.execute(sql: "INSERT INTO postings(lang, term, import_id, unit_ids) VALUES (?, ?, ?, ?)",
                       arguments: [lang, term, importID, PostingList.merge(chunks)])
    }
}
