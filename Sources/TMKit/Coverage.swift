import Foundation
import TMGlossary
import TMStore
import TMText

/// The match bands of an analysis report, best first.
public enum CoverageBand: String, CaseIterable, Sendable, Codable {
    case context, exact = "100", high = "95-99", good = "85-94", fair = "75-84", low = "50-74", new, repetitions

    /// The band of a fuzzy score (context and repetitions are decided elsewhere).
    public static func of(score: Int) -> CoverageBand {
        switch score {
        case 100...: return .exact
        case 95...99: return .high
        case 85...94: return .good
        case 75...84: return .fair
        case 50...74: return .low
        default: return .new
        }
    }

    /// Bands that count as covered (75% or more).
    public var isCovered: Bool { [.context, .exact, .high, .good, .fair].contains(self) }
}

/// Segments and words in one band.
public struct BandCount: Sendable, Codable, Equatable {
    public var segments = 0
    public var words = 0
    public init() {}
}

/// One analysed segment with its band and best match.
public struct CoverageSegment: Sendable {
    public var text: String
    public var words: Int
    public var band: CoverageBand
    public var score: Int?
    public var match: String?
    public var translation: String?
    public var terms: [TermHit]
}

/// The analysis of one file (or the total of several).
public struct CoverageReport: Sendable {
    public var file: String
    public var bands: [CoverageBand: BandCount] = Dictionary(uniqueKeysWithValues: CoverageBand.allCases.map { ($0, BandCount()) })
    public var segments: [CoverageSegment] = []
    /// Glossary terms: distinct terms found, occurrences, and how many distinct terms have an approved rendering.
    public var distinctTerms = 0
    public var termOccurrences = 0
    public var termsWithApprovedRendering = 0

    public var totalWords: Int { bands.values.reduce(0) { $0 + $1.words } }
    public var totalSegments: Int { bands.values.reduce(0) { $0 + $1.segments } }

    /// Share of words in bands of 75% or more (repetitions are reported on their own).
    public var coveredShare: Double {
        let covered = bands.filter { $0.key.isCovered }.values.reduce(0) { $0 + $1.words }
        return totalWords == 0 ? 0 : Double(covered) / Double(totalWords)
    }

    mutating func add(_ other: CoverageReport) {
        for (band, count) in other.bands {
            bands[band, default: BandCount()].segments += count.segments
            bands[band, default: BandCount()].words += count.words
        }
        termOccurrences += other.termOccurrences
    }
}

/// How much of new articles the memory already covers, in words, band by
/// band. Repetitions inside the analysed files are counted once by their
/// band, then as repetitions. A context match is an exact match whose
/// neighbours in the article are also the neighbours of the stored unit.
public struct CoverageAnalysis {
    public let memory: SQLiteMemory
    public let recognizer: TermRecognizer?

    public init(memory: SQLiteMemory, recognizer: TermRecognizer?) {
        self.memory = memory
        self.recognizer = recognizer
    }

    /// Reports per file, then the total (repetitions count across files).
    public func analyse(files: [String]) throws -> (files: [CoverageReport], total: CoverageReport) {
        var seen = Set<String>()
        var reports: [CoverageReport] = []
        var total = CoverageReport(file: "total")
        var totalTerms = Set<String>()
        for file in files {
            var segments: [Segment] = []
            try DocumentSegmentation().forEachSegment(inFile: file) { segments.append($0) }
            var report = CoverageReport(file: file)
            var terms = Set<String>(), approved = Set<String>()
            let normalized = segments.map { MatchText($0.text).normalized }
            for (k, segment) in segments.enumerated() {
                let words = WordCounter.count(segment.text)
                let hits = recognizer?.find(in: segment.text).filter { $0.lang == segment.lang.rawValue } ?? []
                for hit in hits {
                    let term = segment.lang == .en ? hit.en.lowercased() : hit.zh
                    terms.insert(term)
                    if hit.status != .forbidden { approved.insert(term) }
                }
                report.termOccurrences += Set(hits.map(\.start)).count
                var entry = CoverageSegment(text: segment.text, words: words, band: .new, score: nil, match: nil, translation: nil, terms: hits)
                if !seen.insert(normalized[k]).inserted {
                    entry.band = .repetitions
                } else if let best = try memory.lookup(segment.text, language: segment.lang, minScore: 50, limit: 1).first {
                    entry.score = best.score
                    entry.match = best.source
                    entry.translation = best.target
                    entry.band = CoverageBand.of(score: best.score)
                    if best.score == 100 {
                        let around = try memory.neighbours(of: best.unit.id, language: segment.lang)
                        let previous = k > 0 ? normalized[k - 1] : nil, next = k + 1 < segments.count ? normalized[k + 1] : nil
                        if previous != nil || next != nil, around.previous == previous, around.next == next { entry.band = .context }
                    }
                }
                report.bands[entry.band, default: BandCount()].segments += 1
                report.bands[entry.band, default: BandCount()].words += words
                report.segments.append(entry)
            }
            report.distinctTerms = terms.count
            report.termsWithApprovedRendering = approved.count
            totalTerms.formUnion(terms)
            total.add(report)
            reports.append(report)
        }
        total.distinctTerms = totalTerms.count
        total.termsWithApprovedRendering = reports.reduce(0) { $0 + $1.termsWithApprovedRendering }
        return (reports, total)
    }
}
