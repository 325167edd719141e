import Foundation
import GRDB
import TMMemory
import TMText

extension SQLiteMemory {
    public func readJobs<T>(_ body: (any JobRows) throws -> T) throws -> T {
        try mapped { try queue.read { db in try body(SQLiteMaintenance(db)) } }
    }
}

extension SQLiteMaintenance {
    func insertJob(_ job: NewJob, at: Int64) throws -> Int64 {
        try db.execute(sql: "INSERT INTO imports(file_name, format, sha256, imported_at, user) VALUES (?, 'job', ?, ?, ?)",
                       arguments: [job.name, "job:" + UUID().uuidString, at, job.createdBy])
        let importID = db.lastInsertedRowID
        try db.execute(sql: "INSERT INTO documents(name, import_id, created_at) VALUES (?, ?, ?)", arguments: [job.documentName, importID, at])
        let documentID = db.lastInsertedRowID
        try db.execute(sql: """
            INSERT INTO jobs(name, document_name, format, import_id, document_id, previous_job, created_at, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [job.name, job.documentName, job.format, importID, documentID, job.previousJob, at, job.createdBy])
        let id = db.lastInsertedRowID
        try insertSegments(id, job.segments)
        return id
    }

    private func insertSegments(_ job: Int64, _ segments: [JobSegment]) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO job_segments(job_id, n, block, kind, en, zh, status, match, score, unit_id, version, changed_by, changed_at, words)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for s in segments {
            try insert.execute(arguments: [job, s.n, s.block, s.kind.rawValue, s.en, s.zh, s.status.rawValue, s.match, s.score,
                                           s.unitID, s.version, s.changedBy, s.changedAt, s.words])
        }
    }

    private static let recordSQL = """
        SELECT j.*, count(s.n) AS segments, coalesce(sum(s.status = 'confirmed'), 0) AS confirmed,
               coalesce(sum(s.words), 0) AS words, coalesce(sum(CASE WHEN s.status = 'confirmed' THEN s.words END), 0) AS confirmed_words
        FROM jobs j LEFT JOIN job_segments s ON s.job_id = j.id
        """

    private static func record(_ row: Row) -> JobRecord {
        JobRecord(id: row["id"], name: row["name"], documentName: row["document_name"], format: row["format"],
                  createdAt: row["created_at"], createdBy: row["created_by"], importID: row["import_id"], documentID: row["document_id"],
                  previousJob: row["previous_job"], segments: row["segments"], confirmed: row["confirmed"], words: row["words"],
                  confirmedWords: row["confirmed_words"])
    }

    func jobRecord(_ id: Int64) throws -> JobRecord? {
        try Row.fetchOne(db, sql: Self.recordSQL + " WHERE j.id = ? GROUP BY j.id", arguments: [id]).map(Self.record)
    }

    func countAdded(_ count: Int, toImport id: Int64) throws {
        try db.execute(sql: "UPDATE imports SET added = added + ? WHERE id = ?", arguments: [count, id])
    }

    func jobFiling(_ id: Int64) throws -> (importID: Int64, documentID: Int64)? {
        try Row.fetchOne(db, sql: "SELECT import_id, document_id FROM jobs WHERE id = ?", arguments: [id]).map { ($0[0], $0[1]) }
    }

    func jobRecords() throws -> [JobRecord] {
        try Row.fetchAll(db, sql: Self.recordSQL + " GROUP BY j.id ORDER BY j.id DESC").map(Self.record)
    }

    func jobSegments(_ job: Int64, withSource en: String) throws -> [JobSegment] {
        try Row.fetchAll(db, sql: "SELECT * FROM job_segments WHERE job_id = ? AND en = ? ORDER BY n", arguments: [job, en]).map(Self.segment)
    }

    func jobSegments(_ job: Int64, numbers: [Int]?) throws -> [JobSegment] {
        let rows: [Row]
        if let numbers {
            let marks = Array(repeating: "?", count: numbers.count).joined(separator: ",")
            rows = try Row.fetchAll(db, sql: "SELECT * FROM job_segments WHERE job_id = ? AND n IN (\(marks)) ORDER BY n",
                                    arguments: StatementArguments([job] + numbers.map(Int64.init)))
        } else {
            rows = try Row.fetchAll(db, sql: "SELECT * FROM job_segments WHERE job_id = ? ORDER BY n", arguments: [job])
        }
        return rows.map(Self.segment)
    }

    private static func segment(_ row: Row) -> JobSegment {
            JobSegment(n: row["n"], block: row["block"], kind: BlockKind(rawValue: row["kind"]) ?? .paragraph, en: row["en"], zh: row["zh"],
                       status: SegmentStatus(rawValue: row["status"]) ?? .new, match: row["match"], score: row["score"],
                       unitID: row["unit_id"], version: row["version"], changedBy: row["changed_by"], changedAt: row["changed_at"],
                       words: row["words"])
    }

    func writeJobSegments(_ job: Int64, _ segments: [JobSegment]) throws {
        try insertSegments(job, segments)
    }

    func latestJob(documentName: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT max(id) FROM jobs WHERE document_name = ?", arguments: [documentName])
    }
}
