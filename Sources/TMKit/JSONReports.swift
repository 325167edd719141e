import Foundation
import TMGlossary
import TMMemory
import TMText

/// The JSON shapes of TMKit's results, shared by the command line
/// (`--format json`) and the HTTP API so that both print the same fields.
public enum JSONOutput {
    /// Sorted keys, slashes and non-ASCII left as they are, ISO 8601 dates.
    public static func data<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    public static func string<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        String(decoding: try data(value, pretty: pretty), as: UTF8.self)
    }
}

/// A memory match.
public struct MatchJSON: Encodable, Sendable {
    public var score: Int
    public var source: String
    public var target: String
    public var sourceLanguage: String
    public var differences: [Difference]
    public var origin: String
    public var unit: Int64
    public var document: String?
    public var importFile: String?
    public var position: Int?
    /// How sure the aligner was of an aligned unit (0–1); nil for units from files and translators.
    public var confidence: Double?
    public var changedAt: Date
    /// Points taken off for the unit's origin or import, and why (see `PenaltyTable`).
    public var penalty: Int
    public var penaltyReason: String?
    /// Send it back to edit the unit (`tmkit edit --if-version`, `If-Match`).
    public var version: Int64
    /// The target rewritten for the query's values or terms (`target` stays as stored),
    /// what was replaced, the score before the repair, or why a repair was not made.
    public var repairedTarget: String?
    public var repairs: [Repair]?
    /// UTF-8 byte ranges of the replaced pieces in `repairedTarget`.
    public var repairedRanges: [[Int]]?
    public var fuzzyScore: Int?
    public var repairNote: String?
    /// In a job: an exact match whose neighbours are the segment's neighbours too (101).
    public var context: Bool?

    public init(_ m: Match) {
        score = m.score
        source = m.source
        target = m.target
        sourceLanguage = m.sourceLanguage.rawValue
        differences = m.differences
        origin = m.unit.origin.rawValue
        unit = m.unit.id
        document = m.unit.document
        importFile = m.unit.importFile
        position = m.unit.position
        confidence = m.unit.confidence
        changedAt = m.unit.changedAt
        penalty = m.penalty
        penaltyReason = m.penaltyReason
        version = m.unit.version
        repairedTarget = m.repaired?.text
        repairs = m.repaired?.repairs
        repairedRanges = m.repaired?.marked.map { [$0.lowerBound, $0.upperBound] }
        fuzzyScore = m.fuzzyScore
        repairNote = m.repairNote
    }
}

/// A job with its segments (`GET /jobs/{id}`).
public struct JobJSON: Encodable, Sendable {
    public var job: JobRecord
    public var segments: [JobSegment]
    public init(job: JobRecord, segments: [JobSegment]) {
        self.job = job
        self.segments = segments
    }
}

/// What the editor shows beside a segment (`GET /jobs/{id}/segments/{n}`).
public struct SegmentHelpJSON: Encodable, Sendable {
    public var segment: JobSegment
    public var matches: [MatchJSON]
    public var terms: [TermHit]
    public var fragments: [Fragment]
    public var problems: [TermProblem]

    public init(_ help: TranslationJobs.SegmentHelp) {
        segment = help.segment
        matches = help.matches.map { m in
            var json = MatchJSON(m.match)
            json.context = m.context
            return json
        }
        terms = help.terms
        fragments = help.fragments
        problems = help.problems
    }
}

/// A lookup with its fragments (`tmkit lookup --fragments`, `GET /lookup?fragments=true`).
public struct LookupJSON: Encodable, Sendable {
    public var matches: [MatchJSON]
    /// Empty when a match reached the lookup's minimum.
    public var fragments: [Fragment]

    public init(matches: [Match], fragments: [Fragment]) {
        self.matches = matches.map(MatchJSON.init)
        self.fragments = fragments
    }
}

/// A concordance hit.
public struct HitJSON: Encodable, Sendable {
    public var language: String
    public var en: String
    public var zh: String
    /// UTF-8 byte ranges of the hits in the side that matched.
    public var hits: [[Int]]
    public var origin: String
    public var unit: Int64
    public var document: String?
    /// How sure the aligner was of an aligned unit (0–1).
    public var confidence: Double?
    /// Send it back to edit the unit.
    public var version: Int64

    public init(_ h: ConcordanceHit) {
        confidence = h.unit.confidence
        version = h.unit.version
        language = h.language.rawValue
        en = h.unit.en
        zh = h.unit.zh
        hits = h.ranges.map { [$0.lowerBound, $0.upperBound] }
        origin = h.unit.origin.rawValue
        unit = h.unit.id
        document = h.unit.document
    }
}

/// A coverage report: one entry per article and their total.
public struct CoverageJSON: Encodable, Sendable {
    public struct File: Encodable, Sendable {
        public var file: String
        public var bands: [String: BandCount]
        public var segments: Int
        public var words: Int
        public var coveredShare: Double
        public var terms: Terms
        public struct Terms: Encodable, Sendable { public var distinct: Int; public var occurrences: Int; public var approved: Int }

        public init(_ r: CoverageReport) {
            file = r.file
            bands = Dictionary(uniqueKeysWithValues: r.bands.map { ($0.key.rawValue, $0.value) })
            segments = r.totalSegments
            words = r.totalWords
            coveredShare = (r.coveredShare * 1000).rounded() / 1000
            terms = Terms(distinct: r.distinctTerms, occurrences: r.termOccurrences, approved: r.termsWithApprovedRendering)
        }
    }

    public var files: [File]
    public var total: File

    public init(_ reports: [CoverageReport], total: CoverageReport) {
        files = reports.map(File.init)
        self.total = File(total)
    }
}

/// What an import (of a file, or of one typed pair) did.
public struct ImportSummaryJSON: Encodable, Sendable {
    public var added: Int
    public var duplicates: Int
    public var skipped: [String: Int]
    public var alreadyImported: Bool
    public var importID: Int64?

    public init(_ s: ImportSummary) {
        added = s.added
        duplicates = s.duplicates
        skipped = s.skipped
        alreadyImported = s.alreadyImported
        importID = s.importID
    }
}
