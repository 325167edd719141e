import Foundation
import Logging
import PostgresNIO
import TMMemory
import TMText

/// The schema: numbered migrations, applied in order under an advisory lock.
extension PostgresMemory {
    /// Numbered migrations, applied in order, never edited once released: their
    /// statements, then any rows computed in Swift (`fill`).
    static let migrations: [(id: String, sql: [String], fill: (@Sendable (PostgresConnection, Logger) throws -> Void)?)] = [
        ("v1-units-and-index", [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            """
            CREATE TABLE imports(
                id BIGSERIAL PRIMARY KEY,
                file_name TEXT NOT NULL,
                format TEXT NOT NULL,
                sha256 TEXT NOT NULL UNIQUE,
                imported_at BIGINT NOT NULL,
                "user" TEXT,
                added INTEGER NOT NULL DEFAULT 0,
                duplicates INTEGER NOT NULL DEFAULT 0,
                skipped INTEGER NOT NULL DEFAULT 0)
            """,
            """
            CREATE TABLE documents(
                id BIGSERIAL PRIMARY KEY,
                name TEXT NOT NULL,
                import_id BIGINT REFERENCES imports(id),
                created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE units(
                id BIGSERIAL PRIMARY KEY,
                en TEXT NOT NULL,
                zh TEXT NOT NULL,
                en_norm TEXT NOT NULL,
                zh_norm TEXT NOT NULL,
                en_hash BIGINT NOT NULL,
                zh_hash BIGINT NOT NULL,
                en_tokens INTEGER NOT NULL,
                zh_tokens INTEGER NOT NULL,
                origin TEXT NOT NULL,
                import_id BIGINT REFERENCES imports(id),
                document_id BIGINT REFERENCES documents(id),
                position INTEGER,
                confidence DOUBLE PRECISION,
                created_at BIGINT NOT NULL,
                changed_at BIGINT NOT NULL,
                changed_by TEXT,
                provenance TEXT,
                UNIQUE(en_hash, zh_hash))
            """,
            "CREATE INDEX units_by_position ON units(document_id, position)",
            // The fuzzy index, as on SQLite: for each term (a normalized token's hash,
            // mixed with its occurrence number from the second on) the sorted ids of
            // the units holding it (encoded by `PostingList`: gaps between ids as varints), one chunk per import.
            """
            CREATE TABLE postings(
                lang SMALLINT NOT NULL,
                term BIGINT NOT NULL,
                import_id BIGINT NOT NULL,
                unit_ids BYTEA NOT NULL,
                PRIMARY KEY(lang, term, import_id))
            """,
            "CREATE INDEX units_en_trigrams ON units USING gin (en_norm gin_trgm_ops)",
            "CREATE INDEX units_zh_trigrams ON units USING gin (zh_norm gin_trgm_ops)",
        ], nil),
        ("v2-glossary", [
            """
            CREATE TABLE glossary(
                id BIGSERIAL PRIMARY KEY,
                en TEXT NOT NULL,
                zh TEXT NOT NULL,
                status TEXT NOT NULL,
                pos TEXT NOT NULL DEFAULT '',
                note TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL,
                en_key TEXT NOT NULL,
                zh_key TEXT NOT NULL,
                UNIQUE(en_key, zh_key))
            """,
            "CREATE INDEX glossary_by_source ON glossary(source)",
            "CREATE TABLE glossary_sources(source TEXT PRIMARY KEY, sha256 TEXT NOT NULL, synced_at BIGINT NOT NULL)",
        ], nil),
        // The memory's vocabulary: each token's text by hash, as on SQLite, so that a
        // concordance query too short for trigrams (two letters) searches the words,
        // not the units. Filled from the units already stored (`fillTokenTexts`).
        ("v3-token-texts", [
            "CREATE TABLE terms(lang SMALLINT NOT NULL, hash BIGINT NOT NULL, text TEXT NOT NULL, PRIMARY KEY(lang, hash))",
        ], fillTokenTexts),
        // Units can change, as on SQLite: a version per unit, imports that can be
        // undone, the other imports that brought a stored pair again, and the
        // history of every change (one row per command, each unit before and after),
        // and penalties per origin or import.
        ("v4-maintenance", [
            "ALTER TABLE units ADD COLUMN version BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE imports ADD COLUMN undone_at BIGINT, ADD COLUMN undone_by TEXT",
            """
            CREATE TABLE unit_sources(
                unit_id BIGINT NOT NULL,
                import_id BIGINT NOT NULL REFERENCES imports(id),
                PRIMARY KEY(unit_id, import_id))
            """,
            "CREATE INDEX unit_sources_by_import ON unit_sources(import_id)",
            """
            CREATE TABLE changes(
                id BIGSERIAL PRIMARY KEY,
                kind TEXT NOT NULL,
                at BIGINT NOT NULL,
                "user" TEXT NOT NULL,
                command TEXT NOT NULL,
                import_id BIGINT,
                revert_of BIGINT,
                reverted_by BIGINT)
            """,
            """
            CREATE TABLE change_units(
                change_id BIGINT NOT NULL REFERENCES changes(id),
                seq INTEGER NOT NULL,
                unit_id BIGINT NOT NULL,
                before TEXT,
                after TEXT,
                PRIMARY KEY(change_id, seq))
            """,
            "CREATE INDEX change_units_by_unit ON change_units(unit_id, change_id)",
            "CREATE TABLE penalties(scope TEXT PRIMARY KEY, points INTEGER NOT NULL)",
        ], nil),
        // Dictionaries for the aligner, stored once (`tmkit lexicon import`).
        ("v5-lexicons", [
            "CREATE TABLE lexicons(name TEXT PRIMARY KEY, content BYTEA NOT NULL, imported_at BIGINT NOT NULL, \"user\" TEXT)",
        ], nil),
        // Articles being translated (`tmkit job`), as on SQLite.
        ("v6-jobs", [
            """
            CREATE TABLE jobs(
                id BIGSERIAL PRIMARY KEY,
                name TEXT NOT NULL,
                document_name TEXT NOT NULL,
                format TEXT NOT NULL,
                import_id BIGINT NOT NULL REFERENCES imports(id),
                document_id BIGINT NOT NULL REFERENCES documents(id),
                previous_job BIGINT REFERENCES jobs(id),
                created_at BIGINT NOT NULL,
                created_by TEXT NOT NULL)
            """,
            "CREATE INDEX jobs_by_document ON jobs(document_name, id)",
            """
            CREATE TABLE job_segments(
                job_id BIGINT NOT NULL REFERENCES jobs(id),
                n INTEGER NOT NULL,
                block INTEGER NOT NULL,
                kind TEXT NOT NULL,
                en TEXT NOT NULL,
                zh TEXT NOT NULL,
                status TEXT NOT NULL,
                match TEXT,
                score INTEGER,
                unit_id BIGINT,
                version BIGINT NOT NULL,
                changed_by TEXT,
                changed_at BIGINT,
                words INTEGER NOT NULL,
                PRIMARY KEY(job_id, n))
            """,
            "CREATE INDEX job_segments_by_source ON job_segments(job_id, md5(en))",
        ], nil),
        // Where a unit stands in each later document that brought it again, as on SQLite.
        ("v7-shared-unit-placement", [
            "ALTER TABLE unit_sources ADD COLUMN position BIGINT, ADD COLUMN block BIGINT, ADD COLUMN kind TEXT",
        ], nil),
        // The glossary's history, as on SQLite.
        ("v8-glossary-removals", [
            """
            CREATE TABLE glossary_removals(
                id BIGSERIAL PRIMARY KEY,
                removed_at BIGINT NOT NULL,
                removed_by TEXT,
                en TEXT NOT NULL,
                zh TEXT NOT NULL,
                status TEXT NOT NULL,
                pos TEXT NOT NULL,
                note TEXT NOT NULL,
                source TEXT NOT NULL,
                restored_at BIGINT)
            """,
        ], nil),
    ]

    /// An arbitrary constant naming TMKit's advisory locks.
    static let migrationLock: Int64 = 0x746D_6B69_745F_6D67
    static let importLock: Int64 = 0x746D_6B69_745F_696D

    func migrate() throws {
        try pool.withConnection { connection, logger in
            try connection.query("SELECT pg_advisory_lock(\(PostgresMemory.migrationLock))", logger: logger).wait()
            defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(PostgresMemory.migrationLock))", logger: logger).wait() }
            try connection.query("CREATE TABLE IF NOT EXISTS tmkit_migrations(id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)", logger: logger).wait()
            let applied = Set(try connection.query("SELECT id FROM tmkit_migrations", logger: logger).wait().rows.map { try $0.decode(String.self) })
            let known = Set(PostgresMemory.migrations.map(\.id))
            if let unknown = applied.subtracting(known).sorted().last {
                throw StoreError.schemaTooNew(path: location.description, found: unknown)
            }
            for migration in PostgresMemory.migrations where !applied.contains(migration.id) {
                try transaction(connection, logger) {
                    for statement in migration.sql { try connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).wait() }
                    try migration.fill?(connection, logger)
                    let now = Int64(Date().timeIntervalSince1970)
                    try connection.query("INSERT INTO tmkit_migrations(id, applied_at) VALUES (\(migration.id), \(now))", logger: logger).wait()
                }
            }
        }
    }

    /// Stores the text of every token of the units already in the memory.
    private static func fillTokenTexts(_ connection: PostgresConnection, _ logger: Logger) throws {
        var texts = TokenTexts()
        var last: Int64 = 0
        while true {
            let rows = try connection.query("""
                SELECT id, en_norm, zh_norm FROM units WHERE id > \(last) ORDER BY id LIMIT 10000
                """, logger: logger).wait().rows
            if rows.isEmpty { break }
            for row in rows {
                let (id, en, zh) = try row.decode((Int64, String, String).self)
                texts.add(lang: 0, MatchText(normalized: en))
                texts.add(lang: 1, MatchText(normalized: zh))
                last = id
            }
        }
        try texts.store(connection, logger)
    }
}
