import Foundation
import Logging
import PostgresNIO
import TMMemory
import TMText

extension PostgresMemory {
    public func importUnits(from source: ImportSource, _ produce: (any UnitSink) throws -> Void) throws -> ImportSummary {
        try pool.withConnection { connection, logger in
            try transaction(connection, logger) {
                try importUnits(connection, logger, from: source, produce)
            }
        }
    }

    /// One import inside the caller's transaction on `connection`.
    func importUnits(_ connection: PostgresConnection, _ logger: Logger, from source: ImportSource,
                     _ produce: (any UnitSink) throws -> Void) throws -> ImportSummary {
        try connection.query("SELECT pg_advisory_xact_lock(\(PostgresMemory.importLock))", logger: logger).wait()
        let now = Int64(Date().timeIntervalSince1970)
        // An undone import's file may come in again; the old row stays for the history.
        try connection.query("""
            UPDATE imports SET sha256 = sha256 || '-undone-' || id WHERE sha256 = \(source.sha256) AND undone_at IS NOT NULL
            """, logger: logger).wait()
        let inserted = try connection.query("""
            INSERT INTO imports(file_name, format, sha256, imported_at, "user")
            VALUES (\(source.fileName), \(source.format), \(source.sha256), \(now), \(source.user))
            ON CONFLICT (sha256) DO NOTHING RETURNING id
            """, logger: logger).wait().rows.first.map { try $0.decode(Int64.self) }
        guard let importID = inserted else {
            var summary = ImportSummary()
            summary.alreadyImported = true
            summary.importID = try connection.query("SELECT id FROM imports WHERE sha256 = \(source.sha256)", logger: logger)
                .wait().rows.first.map { try $0.decode(Int64.self) }
            return summary
        }
        let documentID = try connection.query("""
            INSERT INTO documents(name, import_id, created_at) VALUES (\(source.documentName), \(importID), \(now)) RETURNING id
            """, logger: logger).wait().rows.first!.decode(Int64.self)
        let sink = PostgresImportSink(connection: connection, logger: logger, importID: importID, documentID: documentID,
                                      now: now, user: source.user)
        try produce(sink)
        var summary = try sink.finish()
        try connection.query("""
            UPDATE imports SET added = \(summary.added), duplicates = \(summary.duplicates), skipped = \(summary.skippedCount)
            WHERE id = \(importID)
            """, logger: logger).wait()
        summary.importID = importID
        return summary
    }
}

/// Stores the units of one import inside its transaction, a batch of rows per
/// INSERT (arrays unnested on the server, in file order), skipping pairs
/// already stored; the index entries come from the same `ImportIndexer` as
/// on SQLite, written at the end as one chunk per term.
final class PostgresImportSink: UnitSink {
    private let connection: PostgresConnection
    private let logger: Logger
    private let importID: Int64
    private let documentID: Int64
    private let now: Int64
    private let user: String?
    private var pending: [TranslationUnit] = []
    private var position = 0
    private var summary = ImportSummary()
    private let indexer = ImportIndexer()
    /// The batch being prepared on another core while the one before is stored.
    private var inFlight: PreparedBatch?
    static let batchSize = 1000

    init(connection: PostgresConnection, logger: Logger, importID: Int64, documentID: Int64, now: Int64, user: String?) {
        self.connection = connection
        self.logger = logger
        self.importID = importID
        self.documentID = documentID
        self.now = now
        self.user = user
    }

    func add(_ unit: TranslationUnit) throws {
        pending.append(unit)
        if pending.count >= PostgresImportSink.batchSize { try flush() }
    }

    func skip(reason: String) {
        summary.skipped[reason, default: 0] += 1
    }

    func finish() throws -> ImportSummary {
        try flush()
        try storeInFlight()
        let index = indexer.drain()
        try writePostings(index.postings)
        var tokenTexts = TokenTexts()
        for token in index.newTokens { tokenTexts.add(lang: token.language.storageCode, hash: token.hash, text: token.text) }
        try tokenTexts.store(connection, logger)
        return summary
    }

    /// Starts preparing the pending units, and stores the batch prepared before.
    private func flush() throws {
        guard !pending.isEmpty else { return }
        let next = PreparedBatch(pending)
        pending.removeAll(keepingCapacity: true)
        try storeInFlight()
        inFlight = next
    }

    private func storeInFlight() throws {
        guard let batch = inFlight else { return }
        inFlight = nil
        batch.wait()
        try store(batch)
    }

    /// Inserts a batch's rows (pairs already stored are skipped by the server),
    /// then hands the new ones to the indexer.
    private func store(_ batch: PreparedBatch) throws {
        var en: [String] = [], zh: [String] = [], enNorm: [String] = [], zhNorm: [String] = []
        var origin: [String] = [], positions: [Int64] = [], confidence: [Double] = [], created: [Int64] = [], changed: [Int64] = []
        var changedBy: [String] = [], provenance: [String] = [], blocks: [Int64] = [], kinds: [String] = []
        var indexOfPair: [SidesHash: Int] = [:]
        for (k, unit) in batch.units.enumerated() {
            en.append(unit.en); zh.append(unit.zh); enNorm.append(batch.en.normalized(k)); zhNorm.append(batch.zh.normalized(k))
            let key = SidesHash(en: batch.rows[k].enHash, zh: batch.rows[k].zhHash)
            if indexOfPair[key] == nil { indexOfPair[key] = k }
            origin.append(unit.origin.rawValue)
            // Arrays carry no NULLs here: -1 and "" stand for "none" and become NULL on the server.
            let placement = DocumentPlacement.sourceFields(of: unit, position: position)
            positions.append(placement.position)
            blocks.append(placement.block ?? -1)
            kinds.append(placement.kind ?? "")
            confidence.append(unit.confidence ?? -1)
            let createdAt = unit.createdAt.map { Int64($0.timeIntervalSince1970) } ?? now
            created.append(createdAt)
            changed.append(unit.changedAt.map { Int64($0.timeIntervalSince1970) } ?? createdAt)
            changedBy.append(unit.user ?? user ?? "")
            provenance.append(unit.provenance.isEmpty ? ""
                : String(decoding: try JSONSerialization.data(withJSONObject: unit.provenance, options: [.sortedKeys]), as: UTF8.self))
            position += 1
        }
        let rows = batch.rows
        let enHash = rows.map(\.enHash), zhHash = rows.map(\.zhHash), enTokens = rows.map(\.enTokens), zhTokens = rows.map(\.zhTokens)
        let inserted = try connection.query("""
            WITH input AS (
                SELECT * FROM unnest(\(en)::text[], \(zh)::text[], \(enNorm)::text[], \(zhNorm)::text[], \(enHash)::int8[], \(zhHash)::int8[],
                                     \(enTokens)::int8[], \(zhTokens)::int8[], \(origin)::text[], \(positions)::int8[], \(confidence)::float8[],
                                     \(created)::int8[], \(changed)::int8[], \(changedBy)::text[], \(provenance)::text[])
                     WITH ORDINALITY AS t(en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens, origin, position, confidence,
                                          created_at, changed_at, changed_by, provenance, ord))
            INSERT INTO units(en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens, origin, import_id, document_id,
                              position, confidence, created_at, changed_at, changed_by, provenance)
            SELECT en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens, origin, \(importID), \(documentID),
                   position, NULLIF(confidence, -1), created_at, changed_at, NULLIF(changed_by, ''), NULLIF(provenance, '')
            FROM input ORDER BY ord
            ON CONFLICT (en_hash, zh_hash) DO NOTHING
            RETURNING id, en_hash, zh_hash
            """, logger: logger).wait().rows.map { try $0.decode((Int64, Int64, Int64).self) }
        // Ids only grow (imports take turns): in id order, each term's list stays sorted.
        let stored = inserted.sorted { $0.0 < $1.0 }.compactMap { (id, enKey, zhKey) in
            indexOfPair[SidesHash(en: enKey, zh: zhKey)].map { StoredRow(index: $0, id: UInt32(id)) }
        }
        indexer.index(batch, stored: stored)
        if inserted.count < batch.units.count {
            // Pairs stored before by another import: undoing either one keeps them.
            try connection.query("""
                INSERT INTO unit_sources(unit_id, import_id, position, block, kind)
                SELECT u.id, \(importID), t.position, NULLIF(t.block, -1), NULLIF(t.kind, '')
                FROM unnest(\(enHash)::int8[], \(zhHash)::int8[], \(positions)::int8[], \(blocks)::int8[], \(kinds)::text[])
                     AS t(en_hash, zh_hash, position, block, kind)
                JOIN units u ON u.en_hash = t.en_hash AND u.zh_hash = t.zh_hash
                WHERE u.import_id IS DISTINCT FROM \(importID)
                ON CONFLICT DO NOTHING
                """, logger: logger).wait()
        }
        summary.added += inserted.count
        summary.duplicates += batch.units.count - inserted.count
    }

    /// One chunk per term for this import, then terms with too many chunks are merged.
    private func writePostings(_ postings: [PostingsBuilder]) throws {
        var langs: [Int16] = [], keys: [Int64] = [], blobs: [ByteBuffer] = []
        func send() throws {
            guard !keys.isEmpty else { return }
            try connection.query("""
                INSERT INTO postings(lang, term, import_id, unit_ids)
                SELECT lang, term, \(importID), ids FROM unnest(\(langs)::int2[], \(keys)::int8[], \(blobs)::bytea[]) AS t(lang, term, ids)
                """, logger: logger).wait()
            langs.removeAll(keepingCapacity: true); keys.removeAll(keepingCapacity: true); blobs.removeAll(keepingCapacity: true)
        }
        var touched: [(Int16, Int64)] = []
        for (lang, builder) in postings.enumerated() {
            try builder.forEachTerm { term, ids in
                langs.append(Int16(lang))
                keys.append(Int64(bitPattern: term))
                blobs.append(ByteBuffer(bytes: PostingList.encode(ids)))
                touched.append((Int16(lang), Int64(bitPattern: term)))
                if keys.count >= 5_000 { try send() }
            }
        }
        try send()
        guard !touched.isEmpty else { return }
        let crowded = try connection.query("""
            SELECT p.lang, p.term FROM postings p
            JOIN unnest(\(touched.map(\.0))::int2[], \(touched.map(\.1))::int8[]) AS t(lang, term) ON p.lang = t.lang AND p.term = t.term
            GROUP BY p.lang, p.term HAVING count(*) > \(Int64(PostingList.maxChunks))
            """, logger: logger).wait().rows.map { try $0.decode((Int16, Int64).self) }
        for (lang, term) in crowded {
            let chunks = try connection.query("""
                SELECT import_id, unit_ids FROM postings WHERE lang = \(lang) AND term = \(term) ORDER BY import_id
                """, logger: logger).wait().rows.map { row in
                let (key, blob) = try row.decode((Int64, ByteBuffer).self)
                return (key: key, data: Data(blob.readableBytesView))
            }
            try connection.query("DELETE FROM postings WHERE lang = \(lang) AND term = \(term)", logger: logger).wait()
            try connection.query("""
                INSERT INTO postings(lang, term, import_id, unit_ids) VALUES (\(lang), \(term), \(importID), \(ByteBuffer(bytes: PostingList.merge(chunks))))
                """, logger: logger).wait()
        }
    }
}

/// A stored pair's key: the hashes of its two verbatim sides.
private struct SidesHash: Hashable {
    var en: Int64
    var zh: Int64
}
