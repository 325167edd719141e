import Foundation
import TMText

/// Where a segment of a job stands.
public enum SegmentStatus: String, Sendable, Codable, CaseIterable {
    /// Nothing typed or filled yet.
    case new
    /// A Chinese text (filled from the memory or typed) not yet confirmed.
    case draft
    /// Confirmed: the pair is a unit of the memory.
    case confirmed
}

/// One sentence of an article being translated.
public struct JobSegment: Sendable, Codable, Equatable {
    /// 1-based place in the article; also the unit's position in the job's document.
    public var n: Int
    /// The article block the sentence belongs to (0-based) and its kind.
    public var block: Int
    public var kind: BlockKind
    public var en: String
    /// The current Chinese ("" while new).
    public var zh: String
    public var status: SegmentStatus
    /// How the Chinese was filled: context, exact, repaired, fuzzy, repetition (nil: typed or none).
    public var match: String?
    public var score: Int?
    /// The unit a confirmation stored (or found already stored).
    public var unitID: Int64?
    /// Grows by one with every save: a writer sends the version it edited.
    public var version: Int64
    public var changedBy: String?
    public var changedAt: Int64?
    /// English words, as the trade counts them.
    public var words: Int

    public init(n: Int, block: Int, kind: BlockKind, en: String, zh: String = "", status: SegmentStatus = .new,
                match: String? = nil, score: Int? = nil, unitID: Int64? = nil, version: Int64 = 0,
                changedBy: String? = nil, changedAt: Int64? = nil, words: Int) {
        self.n = n
        self.block = block
        self.kind = kind
        self.en = en
        self.zh = zh
        self.status = status
        self.match = match
        self.score = score
        self.unitID = unitID
        self.version = version
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.words = words
    }
}

/// A job with its progress.
public struct JobRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    /// The story the article is a version of: a new job of the same document reuses the last one's translations.
    public var documentName: String
    /// The article's format (txt, md, html): exports keep it.
    public var format: String
    public var createdAt: Int64
    public var createdBy: String
    /// The import and document its confirmed units are filed under.
    public var importID: Int64
    public var documentID: Int64
    /// The earlier job of the same document this one reused, if any.
    public var previousJob: Int64?
    public var segments: Int
    public var confirmed: Int
    public var words: Int
    public var confirmedWords: Int

    public init(id: Int64, name: String, documentName: String, format: String, createdAt: Int64, createdBy: String,
                importID: Int64, documentID: Int64, previousJob: Int64?, segments: Int, confirmed: Int, words: Int, confirmedWords: Int) {
        self.id = id
        self.name = name
        self.documentName = documentName
        self.format = format
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.importID = importID
        self.documentID = documentID
        self.previousJob = previousJob
        self.segments = segments
        self.confirmed = confirmed
        self.words = words
        self.confirmedWords = confirmedWords
    }
}

/// A job to store: its segments as prepared (segmented, pre-filled).
public struct NewJob: Sendable {
    public var name: String
    public var documentName: String
    public var format: String
    public var createdBy: String
    public var previousJob: Int64?
    public var segments: [JobSegment]

    public init(name: String, documentName: String, format: String, createdBy: String, previousJob: Int64?, segments: [JobSegment]) {
        self.name = name
        self.documentName = documentName
        self.format = format
        self.createdBy = createdBy
        self.previousJob = previousJob
        self.segments = segments
    }
}

/// The rows of jobs, read or written inside a backend's transaction.
public protocol JobRows {
    /// Stores a job, with an import and a document of its own for the units it will confirm; returns its id.
    func insertJob(_ job: NewJob, at: Int64) throws -> Int64
    func jobRecord(_ id: Int64) throws -> JobRecord?
    /// Where a job files the units it confirms (its import and document), without its progress.
    func jobFiling(_ id: Int64) throws -> (importID: Int64, documentID: Int64)?
    /// Every job, newest first.
    func jobRecords() throws -> [JobRecord]
    /// A job's segments in order (only those numbered, when given).
    func jobSegments(_ job: Int64, numbers: [Int]?) throws -> [JobSegment]
    /// A job's segments whose English is exactly `en` (a sentence and its repetitions).
    func jobSegments(_ job: Int64, withSource en: String) throws -> [JobSegment]
    /// Rewrites segments (matched by number).
    func writeJobSegments(_ job: Int64, _ segments: [JobSegment]) throws
    /// The newest job of a document, if any.
    func latestJob(documentName: String) throws -> Int64?
    /// Counts units a job's confirmations added under its import, as `tmkit imports` lists them.
    func countAdded(_ count: Int, toImport id: Int64) throws
}

/// A memory that keeps jobs beside its units.
public protocol JobMemory {
    /// Runs `body` on one read snapshot of the job rows.
    func readJobs<T>(_ body: (any JobRows) throws -> T) throws -> T
}

public enum JobError: Error, CustomStringConvertible, Sendable, Equatable {
    case unknownJob(Int64)
    case unknownSegment(job: Int64, n: Int)
    /// Someone saved the segment since the writer read it.
    case conflict(current: JobSegment)
    case emptyTranslation(job: Int64, n: Int)
    /// An article with no sentence to translate.
    case emptyArticle(String)
    /// A file for the job that is not one of its files (an XLIFF unit id of another job).
    case notThisJob(job: Int64, file: String, id: String)

    public var description: String {
        switch self {
        case .unknownJob(let id): return "there is no job \(id) (`tmkit job list` lists them)"
        case .unknownSegment(let job, let n): return "job \(job) has no segment \(n)"
        case .conflict(let current):
            return "segment \(current.n) was saved by \(current.changedBy ?? "someone") since you opened it "
                + "(now version \(current.version)): \(current.zh)"
        case .emptyTranslation(let job, let n): return "job \(job), segment \(n): the Chinese text is empty; nothing to confirm"
        case .emptyArticle(let name): return "\(name): the article has no sentence to translate"
        case .notThisJob(let job, let file, let id):
            return "\(file): unit \"\(id)\" is not a segment of job \(job); export the job's own XLIFF with `tmkit job export \(job) --format xliff`"
        }
    }
}
