import Foundation
import TMText

/// A job's rows (`jobs`, `job_segments`, and the import and document its
/// confirmations are filed under), written once over the row layer.
extension JobRows where Self: RowTransaction {
    public func insertJob(_ job: NewJob, at: Int64) throws -> Int64 {
        let importID: Int64 = try value("""
            INSERT INTO imports(file_name, format, sha256, imported_at, "user") VALUES (?, 'job', ?, ?, ?) RETURNING id
            """, job.name, "job:" + UUID().uuidString, at, job.createdBy) ?? 0
        let documentID: Int64 = try value("INSERT INTO documents(name, import_id, created_at) VALUES (?, ?, ?) RETURNING id",
                                          job.documentName, importID, at) ?? 0
        let id: Int64 = try value("""
            INSERT INTO jobs(name, document_name, format, import_id, document_id, previous_job, created_at, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, job.name, job.documentName, job.format, importID, documentID, job.previousJob, at, job.createdBy) ?? 0
        try writeJobSegments(id, job.segments)
        return id
    }

    public func jobRecord(_ id: Int64) throws -> JobRecord? {
        try rows(jobRecordSelect + " WHERE j.id = ? GROUP BY j.id", id).first.map(jobRecord)
    }

    public func jobRecords() throws -> [JobRecord] {
        try rows(jobRecordSelect + " GROUP BY j.id ORDER BY j.id DESC").map(jobRecord)
    }

    public func jobFiling(_ id: Int64) throws -> (importID: Int64, documentID: Int64)? {
        try rows("SELECT import_id, document_id FROM jobs WHERE id = ?", id).first.map { (try $0["import_id"], try $0["document_id"]) }
    }

    public func jobSegments(_ job: Int64, withSource en: String) throws -> [JobSegment] {
        let (same, values) = dialect.equals("en", text: en)
        return try rows("SELECT * FROM job_segments WHERE job_id = ? AND \(same) ORDER BY n", [.integer(job)] + values).map(jobSegment)
    }

    public func jobSegments(_ job: Int64, numbers: [Int]?) throws -> [JobSegment] {
        guard let numbers else { return try rows("SELECT * FROM job_segments WHERE job_id = ? ORDER BY n", job).map(jobSegment) }
        return try inBatches(numbers.map(Int64.init)) { isOneOf in
            let (clause, values) = isOneOf("n")
            return try rows("SELECT * FROM job_segments WHERE job_id = ? AND \(clause) ORDER BY n", [.integer(job)] + values).map(jobSegment)
        }.sorted { $0.n < $1.n }
    }

    public func writeJobSegments(_ job: Int64, _ segments: [JobSegment]) throws {
        try insert(into: "job_segments",
                   columns: ["job_id", "n", "block", "kind", "en", "zh", "status", "match", "score", "unit_id", "version", "changed_by",
                             "changed_at", "words"],
                   rows: segments.map { s in
                       [.integer(job), .integer(Int64(s.n)), .integer(Int64(s.block)), .text(s.kind.rawValue), .text(s.en), .text(s.zh),
                        .text(s.status.rawValue), s.match.sqlValue, s.score.sqlValue, s.unitID.sqlValue, .integer(s.version),
                        s.changedBy.sqlValue, s.changedAt.sqlValue, .integer(Int64(s.words))]
                   },
                   onConflict: """
                       (job_id, n) DO UPDATE SET zh = excluded.zh, status = excluded.status, match = excluded.match, score = excluded.score,
                       unit_id = excluded.unit_id, version = excluded.version, changed_by = excluded.changed_by, changed_at = excluded.changed_at
                       """)
    }

    public func countAdded(_ count: Int, toImport id: Int64) throws {
        try execute("UPDATE imports SET added = added + ? WHERE id = ?", count, id)
    }

    public func latestJob(documentName: String) throws -> Int64? {
        try value("SELECT max(id) FROM jobs WHERE document_name = ?", documentName)
    }

    private func jobRecord(_ row: SQLRow) throws -> JobRecord {
        JobRecord(id: try row["id"], name: try row["name"], documentName: try row["document_name"], format: try row["format"],
                  createdAt: try row["created_at"], createdBy: try row["created_by"], importID: try row["import_id"],
                  documentID: try row["document_id"], previousJob: try row["previous_job"], segments: try row["segments"],
                  confirmed: try row["confirmed"], words: try row["words"], confirmedWords: try row["confirmed_words"])
    }

    private func jobSegment(_ row: SQLRow) throws -> JobSegment {
        JobSegment(n: try row["n"], block: try row["block"], kind: BlockKind(rawValue: try row["kind"]) ?? .paragraph, en: try row["en"],
                   zh: try row["zh"], status: SegmentStatus(rawValue: try row["status"]) ?? .new, match: try row["match"],
                   score: try row["score"], unitID: try row["unit_id"], version: try row["version"], changedBy: try row["changed_by"],
                   changedAt: try row["changed_at"], words: try row["words"])
    }
}

/// A job with its progress, summed over its segments.
private let jobRecordSelect = """
    SELECT j.id, j.name, j.document_name, j.format, j.created_at, j.created_by, j.import_id, j.document_id, j.previous_job,
           count(s.n) AS segments, coalesce(sum(CASE WHEN s.status = 'confirmed' THEN 1 ELSE 0 END), 0) AS confirmed,
           coalesce(sum(s.words), 0) AS words, coalesce(sum(CASE WHEN s.status = 'confirmed' THEN s.words END), 0) AS confirmed_words
    FROM jobs j LEFT JOIN job_segments s ON s.job_id = j.id
    """
