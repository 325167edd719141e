import Foundation
import Logging
import PostgresNIO
import TMMemory
import TMText

extension PostgresMemory {
    /// One repeatable-read snapshot: a job and its segments agree.
    public func readJobs<T>(_ body: (any JobRows) throws -> T) throws -> T {
        try pool.withConnection { connection, logger in
            try connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger).wait()
            do {
                let result = try body(PostgresMaintenance(connection: connection, logger: logger))
                try connection.query("COMMIT", logger: logger).wait()
                return result
            } catch {
                _ = try? connection.query("ROLLBACK", logger: logger).wait()
                throw error
            }
        }
    }
}

extension PostgresMaintenance {
    func insertJob(_ job: NewJob, at: Int64) throws -> Int64 {
        let importID = try rows("""
            INSERT INTO imports(file_name, format, sha256, imported_at, "user") VALUES (\(job.name), 'job', \("job:" + UUID().uuidString), \(at), \(job.createdBy))
            RETURNING id
            """).first!.decode(Int64.self)
        let documentID = try rows("""
            INSERT INTO documents(name, import_id, created_at) VALUES (\(job.documentName), \(importID), \(at)) RETURNING id
            """).first!.decode(Int64.self)
        let id = try rows("""
            INSERT INTO jobs(name, document_name, format, import_id, document_id, previous_job, created_at, created_by)
            VALUES (\(job.name), \(job.documentName), \(job.format), \(importID), \(documentID), \(job.previousJob), \(at), \(job.createdBy))
            RETURNING id
            """).first!.decode(Int64.self)
        try writeJobSegments(id, job.segments)
        return id
    }

    private static let recordSQL = """
        SELECT j.id, j.name, j.document_name, j.format, j.created_at, j.created_by, j.import_id, j.document_id, j.previous_job,
               count(s.n), count(*) FILTER (WHERE s.status = 'confirmed'), coalesce(sum(s.words), 0),
               coalesce(sum(s.words) FILTER (WHERE s.status = 'confirmed'), 0)
        FROM jobs j LEFT JOIN job_segments s ON s.job_id = j.id
        """

    private static func record(_ row: PostgresRow) throws -> JobRecord {
        let (id, name, document, format, created, by, importID, documentID, previous, segments, confirmed, words, confirmedWords) =
            try row.decode((Int64, String, String, String, Int64, String, Int64, Int64, Int64?, Int64, Int64, Int64, Int64).self)
        return JobRecord(id: id, name: name, documentName: document, format: format, createdAt: created, createdBy: by,
                         importID: importID, documentID: documentID, previousJob: previous, segments: Int(segments),
                         confirmed: Int(confirmed), words: Int(words), confirmedWords: Int(confirmedWords))
    }

    func jobRecord(_ id: Int64) throws -> JobRecord? {
        try rows(PostgresQuery(unsafeSQL: Self.recordSQL + " WHERE j.id = $1 GROUP BY j.id", binds: try PostgresMemory.binds(id)))
            .first.map(Self.record)
    }

    func jobFiling(_ id: Int64) throws -> (importID: Int64, documentID: Int64)? {
        try rows("SELECT import_id, document_id FROM jobs WHERE id = \(id)").first.map { try $0.decode((Int64, Int64).self) }
    }

    func jobRecords() throws -> [JobRecord] {
        try rows(PostgresQuery(unsafeSQL: Self.recordSQL + " GROUP BY j.id ORDER BY j.id DESC")).map(Self.record)
    }

    private static let segmentColumns = "n, block, kind, en, zh, status, match, score, unit_id, version, changed_by, changed_at, words"

    func jobSegments(_ job: Int64, withSource en: String) throws -> [JobSegment] {
        try rows(PostgresQuery(unsafeSQL: "SELECT \(Self.segmentColumns) FROM job_segments WHERE job_id = $1 AND md5(en) = md5($2) AND en = $2 ORDER BY n",
                               binds: try PostgresMemory.binds(job, en))).map(Self.segment)
    }

    func jobSegments(_ job: Int64, numbers: [Int]?) throws -> [JobSegment] {
        let columns = Self.segmentColumns
        let found: [PostgresRow]
        if let numbers {
            found = try rows(PostgresQuery(unsafeSQL: "SELECT \(columns) FROM job_segments WHERE job_id = $1 AND n = ANY($2) ORDER BY n",
                                           binds: try PostgresMemory.binds(job, numbers.map { Int32(clamping: $0) })))
        } else {
            found = try rows(PostgresQuery(unsafeSQL: "SELECT \(columns) FROM job_segments WHERE job_id = $1 ORDER BY n",
                                           binds: try PostgresMemory.binds(job)))
        }
        return try found.map(Self.segment)
    }

    private static func segment(_ row: PostgresRow) throws -> JobSegment {
            let (n, block, kind, en, zh, status, match, score, unit, version, by, at, words) =
                try row.decode((Int32, Int32, String, String, String, String, String?, Int32?, Int64?, Int64, String?, Int64?, Int32).self)
            return JobSegment(n: Int(n), block: Int(block), kind: BlockKind(rawValue: kind) ?? .paragraph, en: en, zh: zh,
                              status: SegmentStatus(rawValue: status) ?? .new, match: match, score: score.map(Int.init), unitID: unit,
                              version: version, changedBy: by, changedAt: at, words: Int(words))
    }

    func writeJobSegments(_ job: Int64, _ segments: [JobSegment]) throws {
        // One statement a segment: a save writes one or a few; a new job's thousand take a fraction of a second.
        for s in segments {
            _ = try rows("""
                INSERT INTO job_segments(job_id, n, block, kind, en, zh, status, match, score, unit_id, version, changed_by, changed_at, words)
                VALUES (\(job), \(Int32(s.n)), \(Int32(s.block)), \(s.kind.rawValue), \(s.en), \(s.zh), \(s.status.rawValue), \(s.match),
                        \(s.score.map(Int32.init)), \(s.unitID), \(s.version), \(s.changedBy), \(s.changedAt), \(Int32(s.words)))
                ON CONFLICT (job_id, n) DO UPDATE SET zh = excluded.zh, status = excluded.status, match = excluded.match,
                    score = excluded.score, unit_id = excluded.unit_id, version = excluded.version, changed_by = excluded.changed_by,
                    changed_at = excluded.changed_at
                """)
        }
    }

    func countAdded(_ count: Int, toImport id: Int64) throws {
        _ = try rows("UPDATE imports SET added = added + \(Int32(count)) WHERE id = \(id)")
    }

    func latestJob(documentName: String) throws -> Int64? {
        try rows("SELECT max(id) FROM jobs WHERE document_name = \(documentName)").first?.decode(Int64?.self)
    }
}
