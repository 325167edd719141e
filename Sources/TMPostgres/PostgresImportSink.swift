import Foundation
import Logging
import PostgresNIO
import TMStore

/// Stores the units of one import inside its transaction, a batch of rows per
/// INSERT (arrays unnested on the server, in file order), skipping pairs
/// already stored.
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
        return summary
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        var en: [String] = [], zh: [String] = [], enNorm: [String] = [], zhNorm: [String] = []
        var enHash: [Int64] = [], zhHash: [Int64] = [], enTokens: [Int64] = [], zhTokens: [Int64] = []
        var origin: [String] = [], positions: [Int64] = [], confidence: [Double] = [], created: [Int64] = [], changed: [Int64] = []
        var changedBy: [String] = [], provenance: [String] = []
        for unit in pending {
            let e = MatchText(unit.en), z = MatchText(unit.zh)
            en.append(unit.en); zh.append(unit.zh); enNorm.append(e.normalized); zhNorm.append(z.normalized)
            enHash.append(Int64(bitPattern: StableHash.fnv1a(unit.en))); zhHash.append(Int64(bitPattern: StableHash.fnv1a(unit.zh)))
            enTokens.append(Int64(e.count)); zhTokens.append(Int64(z.count))
            origin.append(unit.origin.rawValue)
            // Arrays carry no NULLs here: -1 and "" stand for "none" and become NULL on the server.
            positions.append(Int64(unit.position ?? position))
            confidence.append(unit.confidence ?? -1)
            let createdAt = unit.createdAt.map { Int64($0.timeIntervalSince1970) } ?? now
            created.append(createdAt)
            changed.append(unit.changedAt.map { Int64($0.timeIntervalSince1970) } ?? createdAt)
            changedBy.append(unit.user ?? user ?? "")
            provenance.append(unit.provenance.isEmpty ? ""
                : String(decoding: try JSONSerialization.data(withJSONObject: unit.provenance, options: [.sortedKeys]), as: UTF8.self))
            position += 1
        }
        let result = try connection.query("""
            INSERT INTO units(en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens, origin, import_id, document_id,
                              position, confidence, created_at, changed_at, changed_by, provenance)
            SELECT en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens, origin, \(importID), \(documentID),
                   position, NULLIF(confidence, -1), created_at, changed_at, NULLIF(changed_by, ''), NULLIF(provenance, '')
            FROM unnest(\(en)::text[], \(zh)::text[], \(enNorm)::text[], \(zhNorm)::text[], \(enHash)::int8[], \(zhHash)::int8[],
                        \(enTokens)::int8[], \(zhTokens)::int8[], \(origin)::text[], \(positions)::int8[], \(confidence)::float8[],
                        \(created)::int8[], \(changed)::int8[], \(changedBy)::text[], \(provenance)::text[])
                 WITH ORDINALITY AS t(en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens, origin, position, confidence,
                                      created_at, changed_at, changed_by, provenance, ord)
            ORDER BY ord
            ON CONFLICT (en_hash, zh_hash) DO NOTHING
            """, logger: logger).wait()
        let added = result.metadata.rows ?? 0
        summary.added += added
        summary.duplicates += pending.count - added
        pending.removeAll(keepingCapacity: true)
    }
}
