import Foundation
import Logging
import PostgresNIO
import TMMemory
import TMText

/// A translation memory in a PostgreSQL database, shared by everyone who can
/// reach the server: the same store protocol, normalization and scoring as
/// the SQLite memory.
///
/// - The schema evolves through numbered migrations (`tmkit_migrations`),
///   applied under an advisory lock so that clients opening the memory at
///   once do not race.
/// - Uniqueness lives in the database: units have a unique (en_hash, zh_hash)
///   key and imports a unique SHA-256, and rows go in with ON CONFLICT DO
///   NOTHING. Imports take turns (a transaction-level advisory lock), as on
///   SQLite's single writer, so concurrent importers never deadlock on each
///   other's rows; lookups are never blocked.
/// - Fuzzy lookup is SQLite's: the same posting lists (built during each
///   import, one chunk per term and import), count filter and exact scoring
///   (`FuzzyIndex`), so both backends return the same matches. Concordance
///   uses `pg_trgm` GIN indexes on the normalized sides for LIKE; queries too
///   short for trigrams use the fuzzy index and the vocabulary, as SQLite does.
/// - Every value reaches the server as a bound parameter.
public final class PostgresMemory: TranslationMemoryStore, @unchecked Sendable {
    public let location: PostgresLocation
    let pool: PostgresConnectionPool
    let lengths = PostgresUnitLengths()
    /// Long posting lists kept between lookups, by import generation (see `PostingCache`).
    let postingCache = PostingCache()

    /// Opens (creating and migrating when needed) the memory at `url`.
    public init(url: String, connections: Int = 8) throws {
        location = try PostgresLocation(url: url)
        pool = PostgresConnectionPool(location: location, size: connections)
        try migrate()
    }

    // MARK: - Schema

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

    private func migrate() throws {
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

    func transaction<T>(_ connection: PostgresConnection, _ logger: Logger, _ body: () throws -> T) throws -> T {
        try connection.query("BEGIN", logger: logger).wait()
        do {
            let result = try body()
            try connection.query("COMMIT", logger: logger).wait()
            return result
        } catch {
            _ = try? connection.query("ROLLBACK", logger: logger).wait()
            throw error
        }
    }

    // MARK: - Import

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

    // MARK: - Lookup

    public func lookup(_ text: String, language: Language, minScore: Int, limit: Int) throws -> [Match] {
        let query = MatchText(text)
        guard query.count > 0, limit > 0 else { return [] }
        let lang = Int16(language.storageCode)
        let column = language == .en ? "en_norm" : "zh_norm"
        return try pool.withConnection { connection, logger in
            let generation = try importGeneration(connection, logger)
            let table = try lengths.current(connection, logger, generation: generation)
            let penalties = PenaltyTable(try PostgresMemory.penalties(connection, logger))
            let lists = try postingLists(connection, logger, lang: lang, terms: query.termHashes, generation: generation)
            let candidates = FuzzyIndex.countFilter(lists, queryLength: query.count, minScore: minScore,
                                                    lengths: table.lengths.counts(language))
            return try penalties.lookup(minScore: minScore, limit: limit) { window in
                let found = try FuzzyIndex.verify(candidates, query: query, minScore: minScore, limit: window) { ids in
                    try connection.query(PostgresQuery(unsafeSQL: "SELECT id, \(column) FROM units WHERE id = ANY($1)",
                                                       binds: try PostgresMemory.binds(ids.map { Int64($0) })), logger: logger)
                        .wait().rows.map { row in
                            let (id, normalized) = try row.decode((Int64, String).self)
                            return (UInt32(id), normalized)
                        }
                }
                let units = try fetchUnits(connection, logger, ids: found.map { Int64($0.id) })
                return FuzzyIndex.matches(found, query: query, queryText: text, language: language, units: units)
            }
        }
    }

    /// Grows with every import and every change, whichever client writes it
    /// (import rows are never deleted, changes only added), so a change here
    /// is what makes cached lists and lengths stale.
    func importGeneration(_ connection: PostgresConnection, _ logger: Logger) throws -> Int64 {
        try connection.query("""
            SELECT (SELECT coalesce(max(id), 0) FROM imports) + (SELECT coalesce(max(id), 0) FROM changes)
            """, logger: logger).wait().rows.first!.decode(Int64.self)
    }

    /// The posting lists of `terms` (missing terms give empty lists), rarest
    /// first. Long lists come from the cache when it is at the newest import
    /// this snapshot sees; the rest are read in one query.
    func postingLists(_ connection: PostgresConnection, _ logger: Logger, lang: Int16, terms: [UInt64], generation: Int64,
                      rarestFirst: Bool = true) throws -> [[UInt32]] {
        let cache = postingCache.adopt(generation: generation) ? postingCache : nil
        var lists: [Int64: [UInt32]] = [:]
        var missing: [Int64] = []
        for term in terms {
            if let kept = cache?.list(lang: Int(lang), term: term, generation: generation) { lists[Int64(bitPattern: term)] = kept }
            else { missing.append(Int64(bitPattern: term)) }
        }
        if !missing.isEmpty {
            var read: [Int64: PostingAssembler] = [:]
            for row in try connection.query("""
                SELECT term, import_id, unit_ids FROM postings WHERE lang = \(lang) AND term = ANY(\(missing)) ORDER BY term, import_id
                """, logger: logger).wait().rows {
                let (term, key, blob) = try row.decode((Int64, Int64, ByteBuffer).self)
                read[term, default: PostingAssembler()].add(key: key, bytes: blob.readableBytesView)
            }
            for (term, assembled) in read {
                let ids = assembled.ids()
                cache?.keep(ids, lang: Int(lang), term: UInt64(bitPattern: term), generation: generation)
                lists[term] = ids
            }
        }
        let ordered = terms.map { lists[Int64(bitPattern: $0)] ?? [] }
        return rarestFirst ? ordered.sorted { $0.count < $1.count } : ordered
    }

    // MARK: - Fragments

    public func fragments(of text: String, language: Language, limit: Int) throws -> [Fragment] {
        let lang = Int16(language.storageCode)
        return try pool.withConnection { connection, logger in
            let generation = try importGeneration(connection, logger)
            // The length table has a slot per unit id: the memory's size, without counting rows.
            let count = try lengths.current(connection, logger, generation: generation).lengths.counts(language).count
            return try FragmentSearch.find(text, language: language, unitCount: Int(count), limit: limit,
                                           postings: { try postingLists(connection, logger, lang: lang, terms: $0, generation: generation, rarestFirst: false) },
                                           units: { ids in Array(try fetchUnits(connection, logger, ids: ids.map { Int64($0) }).values) })
        }
    }

    // MARK: - Concordance

    public func concordance(_ text: String, language: Language?, limit: Int) throws -> [ConcordanceHit] {
        let query = MatchText(text)
        guard query.count > 0, limit > 0 else { return [] }
        let detected = Language.detect(text)
        let languages = language.map { [$0] } ?? [detected, detected == .en ? .zh : .en]
        // LIKE with the query's wildcards and escape character escaped: the text is searched literally.
        let escaped = query.normalized.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return try pool.withConnection { connection, logger in
            var hits: [ConcordanceHit] = []
            for lang in languages where hits.count < limit {
                let column = lang == .en ? "en_norm" : "zh_norm"
                let pattern = "%" + escaped + "%"
                let ids: [Int64]
                if PostgresMemory.longestWordRun(query.normalized) < 3,
                   let candidates = try shortQueryCandidates(connection, logger, query, lang: lang) {
                    var found: [Int64] = []
                    var end = candidates.count
                    while end > 0 && found.count < limit - hits.count {
                        let slice = candidates[max(0, end - 512)..<end].map { Int64($0) }
                        end -= slice.count
                        found += try connection.query(PostgresQuery(unsafeSQL: """
                            SELECT id FROM units WHERE id = ANY($1) AND \(column) LIKE $2 ESCAPE '\\' ORDER BY id DESC
                            """, binds: try PostgresMemory.binds(slice, pattern)), logger: logger).wait().rows.map { try $0.decode(Int64.self) }
                    }
                    ids = Array(found.prefix(limit - hits.count))
                } else {
                    ids = try connection.query(PostgresQuery(unsafeSQL: """
                        SELECT id FROM units WHERE \(column) LIKE $1 ESCAPE '\\' ORDER BY id DESC LIMIT $2
                        """, binds: try PostgresMemory.binds(pattern, Int64(limit - hits.count))), logger: logger)
                        .wait().rows.map { try $0.decode(Int64.self) }
                }
                let units = try fetchUnits(connection, logger, ids: ids)
                for id in ids {
                    guard let unit = units[id] else { continue }
                    let side = lang == .en ? unit.en : unit.zh
                    hits.append(ConcordanceHit(unit: unit, language: lang, ranges: ConcordanceHit.occurrences(of: text, in: side)))
                }
            }
            return hits
        }
    }

    /// Candidates for a query with nothing of three letters or characters in a
    /// row, which gives the trigram index nothing to work with: from the fuzzy
    /// index and the vocabulary, as on SQLite. Nil when a fragment is part of
    /// so many words ("e") that reading their postings would cost more than
    /// scanning the newest units, where such a common fragment turns up at once.
    private func shortQueryCandidates(_ connection: PostgresConnection, _ logger: Logger, _ query: MatchText,
                                      lang: Language) throws -> [UInt32]? {
        struct CommonFragment: Error {}
        let code = Int16(lang.storageCode)
        let generation = try importGeneration(connection, logger)
        do {
            return try ConcordancePlan(query).candidates(
                postings: { try postingLists(connection, logger, lang: code, terms: $0, generation: generation) },
                wordsContaining: { fragment in
                    let hashes = try connection.query("""
                        SELECT hash FROM terms WHERE lang = \(code) AND strpos(text, \(fragment)) > 0 LIMIT 1001
                        """, logger: logger).wait().rows.map { UInt64(bitPattern: try $0.decode(Int64.self)) }
                    if hashes.count > 1000 { throw CommonFragment() }
                    return ConcordancePlan.union(try postingLists(connection, logger, lang: code, terms: hashes, generation: generation))
                })
        } catch is CommonFragment {
            return nil
        }
    }

    /// The longest run of letters, digits or Chinese characters: what pg_trgm
    /// can make trigrams of.
    static func longestWordRun(_ text: String) -> Int {
        var longest = 0, run = 0
        for scalar in text.unicodeScalars {
            run = scalar.properties.isAlphabetic || scalar.properties.numericType != nil ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }

    // MARK: - Stats

    public func stats() throws -> MemoryStats {
        try pool.withConnection { connection, logger in
            let counts = try connection.query("""
                SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM documents), (SELECT count(*) FROM imports WHERE undone_at IS NULL),
                       pg_database_size(current_database())
                """, logger: logger).wait().rows.first!.decode((Int64, Int64, Int64, Int64).self)
            var byOrigin: [String: Int] = [:]
            for row in try connection.query("SELECT origin, count(*) FROM units GROUP BY origin", logger: logger).wait().rows {
                let (origin, n) = try row.decode((String, Int64).self)
                byOrigin[origin] = Int(n)
            }
            return MemoryStats(units: Int(counts.0), documents: Int(counts.1), imports: Int(counts.2),
                               languages: counts.0 > 0 ? ["en", "zh"] : [], unitsByOrigin: byOrigin,
                               bytes: counts.3, location: location.description)
        }
    }

    public func unitCount() throws -> Int {
        try pool.withConnection { connection, logger in
            Int(try connection.query("SELECT count(*) FROM units", logger: logger).wait().rows.first!.decode(Int64.self))
        }
    }

    public func storeLexicon(_ lexicon: StoredLexicon) throws {
        try pool.withConnection { connection, logger in
            let bytes = ByteBuffer(bytes: lexicon.content)
            try connection.query("""
                INSERT INTO lexicons(name, content, imported_at, "user") VALUES (\(lexicon.name), \(bytes), \(Int64(lexicon.importedAt.timeIntervalSince1970)), \(lexicon.user))
                ON CONFLICT (name) DO UPDATE SET content = excluded.content, imported_at = excluded.imported_at, "user" = excluded."user"
                """, logger: logger).wait()
        }
    }

    public func lexicons() throws -> [StoredLexicon] {
        try pool.withConnection { connection, logger in
            try connection.query("SELECT name, content, imported_at, \"user\" FROM lexicons ORDER BY name", logger: logger).wait().rows.map { row in
                let (name, content, at, user) = try row.decode((String, ByteBuffer, Int64, String?).self)
                return StoredLexicon(name: name, content: Data(content.readableBytesView), importedAt: Date(timeIntervalSince1970: TimeInterval(at)), user: user)
            }
        }
    }

    public func isImported(sha256: String) throws -> Bool {
        try pool.withConnection { connection, logger in
            try connection.query("SELECT EXISTS(SELECT 1 FROM imports WHERE sha256 = \(sha256) AND undone_at IS NULL)", logger: logger)
                .wait().rows.first!.decode(Bool.self)
        }
    }

    // MARK: - Units

    func fetchUnits(_ connection: PostgresConnection, _ logger: Logger, ids: [Int64]) throws -> [Int64: StoredUnit] {
        guard !ids.isEmpty else { return [:] }
        let rows = try connection.query("""
            SELECT u.id, u.en, u.zh, u.origin, d.name, i.file_name, u.position, u.confidence, u.changed_at, u.version, u.import_id
            FROM units u LEFT JOIN documents d ON d.id = u.document_id LEFT JOIN imports i ON i.id = u.import_id
            WHERE u.id = ANY(\(ids))
            """, logger: logger).wait().rows
        var units: [Int64: StoredUnit] = [:]
        for row in rows {
            let (id, en, zh, origin, document, file, position, confidence, changed, version, importID) =
                try row.decode((Int64, String, String, String, String?, String?, Int32?, Double?, Int64, Int64, Int64?).self)
            units[id] = StoredUnit(id: id, en: en, zh: zh, origin: Origin(rawValue: origin) ?? .manual, document: document,
                                   importFile: file, position: position.map(Int.init), confidence: confidence,
                                   changedAt: Date(timeIntervalSince1970: TimeInterval(changed)), version: version, importID: importID)
        }
        return units
    }

    static func binds(_ values: any PostgresEncodable...) throws -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { try binds.append(value) }
        return binds
    }
}
