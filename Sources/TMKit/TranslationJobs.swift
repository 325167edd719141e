import Foundation
import TMFormats
import TMGlossary
import TMMemory
import TMText

/// Translating an article against the memory: a job holds the article's
/// segments with their state; a confirmation stores the pair in the memory
/// at once (see `JobMaintenance`), so every later lookup, in this job or
/// another, finds it.
public struct TranslationJobs: Sendable {
    public let memory: any TranslationMemoryStore
    public let finder: MatchFinder
    private let checker: TermCheck
    /// The lowest score a match needs to fill a new segment.
    public var prefillScore = 75

    public init(memory: any TranslationMemoryStore, recognizer: TermRecognizer?) {
        self.memory = memory
        finder = MatchFinder(memory: memory, recognizer: recognizer)
        checker = TermCheck(recognizer: recognizer ?? TermRecognizer(entries: []))
    }

    // MARK: - Creating and reading

    /// A job from an article file (txt, md, html by its extension); its
    /// document name is the file's name unless given.
    public func create(file path: String, name: String? = nil, documentName: String? = nil, user: String) throws -> JobRecord {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TextInputError(file: path, line: 0, column: 0, message: "cannot read the file (missing or not readable)")
        }
        let base = (path as NSString).lastPathComponent
        return try create(bytes: [UInt8](data), fileName: base, name: name ?? base, documentName: documentName ?? base, user: user)
    }

    /// A job from an article's bytes; `fileName` gives the format (by its extension) and names the article in errors.
    public func create(bytes: [UInt8], fileName: String, format: ArticleFormat? = nil, name: String, documentName: String,
                       user: String) throws -> JobRecord {
        let format = format ?? ArticleFormat(path: fileName)
        var segments: [JobSegment] = []
        try DocumentSegmentation(format: format).forEachSegment(inBytes: bytes, name: fileName) { s in
            segments.append(JobSegment(n: segments.count + 1, block: s.block, kind: s.blockKind, en: s.text, words: WordCounter.count(s.text)))
        }
        guard !segments.isEmpty else { throw JobError.emptyArticle(fileName) }
        let previous = try memory.readJobs { try $0.latestJob(documentName: documentName) }
        try prefill(&segments, previous: previous)
        let job = NewJob(name: name, documentName: documentName, format: format.rawValue, createdBy: user, previousJob: previous, segments: segments)
        let id = try memory.maintain { try $0.insertJob(job, at: Int64(Date().timeIntervalSince1970)) }
        return try open(id).record
    }

    /// Fills each segment from the previous version's confirmed sentences
    /// (a context match when its neighbours are unchanged too), else with the
    /// memory's best match at or above `prefillScore` (repaired where that applies).
    private func prefill(_ segments: inout [JobSegment], previous: Int64?) throws {
        var earlier: [String: (zh: String, previous: String?, next: String?)] = [:]
        if let previous {
            let old = try memory.readJobs { try $0.jobSegments(previous, numbers: nil) }
            for (k, s) in old.enumerated() where s.status == .confirmed && earlier[s.en] == nil {
                earlier[s.en] = (s.zh, k > 0 ? old[k - 1].en : nil, k + 1 < old.count ? old[k + 1].en : nil)
            }
        }
        var first: [String: Int] = [:]
        for (k, s) in segments.enumerated() where first[s.en] == nil { first[s.en] = k }
        let lookups = segments.indices.filter { first[segments[$0].en] == $0 && earlier[segments[$0].en] == nil }
        let snapshot = segments, finder = self.finder, minScore = prefillScore
        let found = try concurrentMap(lookups.count) { j -> (Match, Bool)? in
            let k = lookups[j]
            guard let best = try finder.lookup(snapshot[k].en, language: .en, minScore: minScore, limit: 1).first else { return nil }
            let context = try finder.isContextMatch(best, language: .en,
                                                    previous: k > 0 ? MatchText.normalized(snapshot[k - 1].en) : nil,
                                                    next: k + 1 < snapshot.count ? MatchText.normalized(snapshot[k + 1].en) : nil)
            return (best, context)
        }
        var best: [Int: (Match, Bool)] = [:]
        for (j, k) in lookups.enumerated() { if let match = found[j] { best[k] = match } }
        for k in segments.indices {
            let en = segments[k].en
            if let old = earlier[en] {
                let context = old.previous == (k > 0 ? segments[k - 1].en : nil) && old.next == (k + 1 < segments.count ? segments[k + 1].en : nil)
                fill(&segments[k], zh: old.zh, match: context ? "context" : "exact", score: context ? 101 : 100)
            } else if let (match, context) = best[first[en]!] {
                let kind = context ? "context" : match.repaired != nil ? "repaired" : match.score == 100 ? "exact" : "fuzzy"
                fill(&segments[k], zh: match.repaired?.text ?? match.target, match: first[en]! == k ? kind : "repetition",
                     score: context ? 101 : match.score)
            }
        }
    }

    private func fill(_ segment: inout JobSegment, zh: String, match: String, score: Int) {
        segment.zh = zh
        segment.status = .draft
        segment.match = match
        segment.score = score
    }

    public func list() throws -> [JobRecord] {
        try memory.readJobs { try $0.jobRecords() }
    }

    /// A job's record and progress, without its segments.
    public func record(_ id: Int64) throws -> JobRecord {
        guard let record = try memory.readJobs({ try $0.jobRecord(id) }) else { throw JobError.unknownJob(id) }
        return record
    }

    /// A job and its segments, from one snapshot.
    public func open(_ id: Int64) throws -> (record: JobRecord, segments: [JobSegment]) {
        try memory.readJobs { rows in
            guard let record = try rows.jobRecord(id) else { throw JobError.unknownJob(id) }
            return (record, try rows.jobSegments(id, numbers: nil))
        }
    }

    // MARK: - Translating

    /// Saves a segment as a draft, or confirms it (storing the pair). `ifVersion`:
    /// the version the translator edited; a save by someone else since is a `JobError.conflict`.
    public func save(job: Int64, segment n: Int, zh: String, confirm: Bool, ifVersion: Int64?, user: String) throws -> JobMaintenance.Saved {
        try save([SaveRequest(job: job, segment: n, zh: zh, confirm: confirm, ifVersion: ifVersion, user: user)])[0].get()
    }

    /// One save of a segment, as `save(job:segment:zh:confirm:ifVersion:user:)` takes it.
    public struct SaveRequest: Sendable {
        public var job: Int64
        public var segment: Int
        public var zh: String
        public var confirm: Bool
        public var ifVersion: Int64?
        public var user: String

        public init(job: Int64, segment: Int, zh: String, confirm: Bool, ifVersion: Int64?, user: String) {
            self.job = job
            self.segment = segment
            self.zh = zh
            self.confirm = confirm
            self.ifVersion = ifVersion
            self.user = user
        }
    }

    /// Several saves in one transaction (a server's queued confirmations: one
    /// commit and one index update for all), in order; a save refused (a
    /// conflict, an empty text, an unknown segment) refuses only itself.
    public func save(_ requests: [SaveRequest]) throws -> [Result<JobMaintenance.Saved, JobError>] {
        try memory.maintain { tx in
            var results: [Result<JobMaintenance.Saved, JobError>] = []
            for r in requests {
                let author = ChangeAuthor(user: r.user, command: r.confirm ? "job \(r.job) confirm \(r.segment)" : "job \(r.job) draft \(r.segment)")
                do {
                    results.append(.success(try JobMaintenance.save(tx, job: r.job, n: r.segment, zh: r.zh, confirm: r.confirm,
                                                                    ifVersion: r.ifVersion, by: author)))
                } catch let error as JobError {
                    // Refused before it wrote anything.
                    results.append(.failure(error))
                }
                // Any other error rolls the whole transaction back.
            }
            return results
        }
    }

    /// What the editor shows beside a segment.
    public struct SegmentHelp: Sendable {
        public var segment: JobSegment
        /// Best first; `context` marks the exact ones whose neighbours agree.
        public var matches: [(match: Match, context: Bool)]
        public var terms: [TermHit]
        public var fragments: [Fragment]
        public var problems: [TermProblem]
    }

    public func help(job: Int64, segment n: Int, limit: Int = 5) throws -> SegmentHelp {
        let numbers = [n - 1, n, n + 1].filter { $0 > 0 }
        let around = try memory.readJobs { rows in
            guard try rows.jobFiling(job) != nil else { throw JobError.unknownJob(job) }
            return try rows.jobSegments(job, numbers: numbers)
        }
        guard let segment = around.first(where: { $0.n == n }) else { throw JobError.unknownSegment(job: job, n: n) }
        let previous = around.first { $0.n == n - 1 }.map { MatchText.normalized($0.en) }
        let next = around.first { $0.n == n + 1 }.map { MatchText.normalized($0.en) }
        let matches = try finder.lookup(segment.en, language: .en, minScore: 50, limit: limit).map { m -> (match: Match, context: Bool) in
            (m, try finder.isContextMatch(m, language: .en, previous: previous, next: next))
        }
        let terms = finder.repairer.recognizer?.find(in: segment.en).filter { $0.lang == "en" } ?? []
        let fragments = (matches.first?.match.score ?? 0) < prefillScore ? try finder.fragments(segment.en, language: .en) : []
        return SegmentHelp(segment: segment, matches: matches, terms: terms, fragments: fragments,
                           problems: segment.zh.isEmpty ? [] : check(en: segment.en, zh: segment.zh))
    }

    /// QA of a translation as it is typed: approved renderings missing,
    /// forbidden ones used, numbers that disagree.
    public func check(en: String, zh: String) -> [TermProblem] {
        checker.check(en: en, zh: zh)
    }
}
