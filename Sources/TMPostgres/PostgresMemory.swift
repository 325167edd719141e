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

    func transaction<T>(_ connection: PostgresConnection, _ logger: Logger, begin: String = "BEGIN", _ body: () throws -> T) throws -> T {
        try connection.query(PostgresQuery(unsafeSQL: begin), logger: logger).wait()
        do {
            let result = try body()
            try connection.query("COMMIT", logger: logger).wait()
            return result
        } catch {
            _ = try? connection.query("ROLLBACK", logger: logger).wait()
            throw error
        }
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
