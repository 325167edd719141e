import Foundation
import Logging
import PostgresNIO
import TMGlossary
import TMMemory

extension PostgresMemory: ReplaceableMemory {
    /// The server's own findings that need no extension (an index left
    /// invalid by a failed build), then TMKit's invariants, read in one
    /// repeatable-read transaction: a consistent snapshot while others write.
    /// Foreign keys and unique keys are enforced by the server itself; the
    /// pages underneath are `pg_amcheck`'s business.
    public func check(quick: Bool) throws -> CheckReport {
        try pool.withConnection { connection, logger in
            try connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger).wait()
            defer { _ = try? connection.query("ROLLBACK", logger: logger).wait() }
            let (units, maxID) = try connection.query("SELECT count(*), coalesce(max(id), 0) FROM units", logger: logger)
                .wait().rows.first!.decode((Int64, Int64).self)
            var report = CheckReport(quick: quick, units: Int(units), problems: [])
            for row in try connection.query("""
                SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready)
                """, logger: logger).wait().rows {
                report.problems.append("PostgreSQL: index \(try row.decode(String.self)) is not valid; rebuild it with REINDEX")
            }
            if quick { return report }
            var invariants = MemoryInvariants(maxID: Int(maxID))
            try forEachRow(connection, logger, "SELECT id, en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens FROM units") { row in
                let (id, en, zh, enNorm, zhNorm, enHash, zhHash, enTokens, zhTokens) =
                    try row.decode((Int64, String, String, String, String, Int64, Int64, Int32, Int32).self)
                invariants.unit(id: Int(id), text: (en, zh), normalized: (enNorm, zhNorm), hashes: (enHash, zhHash),
                                tokenCounts: (Int(enTokens), Int(zhTokens)))
            }
            try forEachRow(connection, logger, "SELECT lang, term, import_id, unit_ids FROM postings") { row in
                let (lang, term, key, blob) = try row.decode((Int16, Int64, Int64, ByteBuffer).self)
                invariants.posting(lang: Int(lang), term: UInt64(bitPattern: term), key: key, ids: PostingList.decode(bytes: blob.readableBytesView))
            }
            try forEachRow(connection, logger, "SELECT lang, hash FROM terms") { row in
                let (lang, hash) = try row.decode((Int16, Int64).self)
                invariants.knownToken(lang: Int(lang), hash: UInt64(bitPattern: hash))
            }
            report.problems += invariants.problems()
            report.problems += try JobInvariants.problems(PostgresTransaction(connection: connection, logger: logger))
            return report
        }
    }

    /// Reads a query's rows through a cursor, a page at a time, inside the
    /// caller's transaction (a million units never sit in memory at once).
    private func forEachRow(_ connection: PostgresConnection, _ logger: Logger, _ sql: String,
                            _ body: (PostgresRow) throws -> Void) throws {
        try connection.query(PostgresQuery(unsafeSQL: "DECLARE tmkit_rows NO SCROLL CURSOR FOR " + sql), logger: logger).wait()
        defer { _ = try? connection.query("CLOSE tmkit_rows", logger: logger).wait() }
        while true {
            let rows = try connection.query("FETCH FORWARD 10000 FROM tmkit_rows", logger: logger).wait().rows
            if rows.isEmpty { return }
            for row in rows { try body(row) }
        }
    }

    /// Deletes every job, unit, import, document and glossary entry, then writes
    /// what `fill` imports, in one transaction that holds the import lock:
    /// lookups keep seeing the old content until it commits, and a failure
    /// leaves the memory as it was. Ids keep growing (nothing is renumbered),
    /// so servers' cached posting lists and token counts see the change.
    public func replaceContents(_ fill: (any MemoryWriter) throws -> Void) throws {
        try pool.withConnection { connection, logger in
            try transaction(connection, logger) {
                try connection.query("SELECT pg_advisory_xact_lock(\(PostgresMemory.importLock))", logger: logger).wait()
                // The history stays (its ids keep growing with the memory's generation);
                // the record of which imports brought a pair goes with the imports.
                // Jobs go first: they name imports and documents (the backup's jobs follow, see `MemoryBackup.restore`).
                for table in ["job_segments", "jobs", "postings", "terms", "unit_sources", "units", "documents", "imports", "glossary",
                              "glossary_sources"] {
                    try connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table)"), logger: logger).wait()
                }
                try fill(TransactionWriter(memory: self, connection: connection, logger: logger))
            }
        }
    }

    /// Imports into the transaction of `replaceContents`.
    private struct TransactionWriter: MemoryWriter {
        let memory: PostgresMemory
        let connection: PostgresConnection
        let logger: Logger

        func importUnits(from source: ImportSource, _ produce: (any UnitSink) throws -> Void) throws -> ImportSummary {
            try memory.importUnits(connection, logger, from: source, produce)
        }

        func addGlossaryEntries(_ entries: [GlossaryEntry]) throws -> GlossaryImportSummary {
            try PostgresTransaction(connection: connection, logger: logger).insertGlossary(entries)
        }
    }
}
