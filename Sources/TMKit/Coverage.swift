import Foundation
import TMGlossary
import TMMemory
import TMText

/// The match bands of an analysis report, best first.
public enum CoverageBand: String, CaseIterable, Sendable, Codable {
    case context, exact = "100", repaired, high = "95-99", good = "85-94", fair = "75-84", low = "50-74", new, repetitions

    /// The band of a match: repaired matches (scored 97–99) have their own band.
    public static func of(_ match: Match) -> CoverageBand { match.repaired != nil ? .repaired : of(score: match.score) }

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
    public var isCovered: Bool { [.context, .exact, .repaired, .high, .good, .fair].contains(self) }

    /// As reports name it.
    public var label: String {
        switch self {
        case .context: return "context"
        case .exact: return "100%"
        case .repaired: return "repaired"
        case .high: return "95-99%"
        case .good: return "85-94%"
        case .fair: return "75-84%"
        case .low: return "50-74%"
        case .new: return "no match"
        case .repetitions: return "repetitions"
        }
    }
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
    /// The translation rewritten for this segment's values or terms, when the match was repaired.
    public var repaired: RepairedTarget?
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
    public let memory: any TranslationMemoryStore
    public let recognizer: TermRecognizer?
    private let finder: MatchFinder

    public init(memory: any TranslationMemoryStore, recognizer: TermRecognizer?) {
        self.memory = memory
        self.recognizer = recognizer
        finder = MatchFinder(memory: memory, recognizer: recognizer)
    }

    /// Reports per file, then the total (repetitions count across files).
    /// Lookups run on every core: the memory's connection pool reads in parallel.
    public func analyse(files: [String]) throws -> (files: [CoverageReport], total: CoverageReport) {
        try analyse(articles: files.map { file in
            { body in try DocumentSegmentation().forEachSegment(inFile: file, body) }
        }, names: files)
    }

    /// The same report for articles given as text (a posted article, for one):
    /// `texts` pairs each article's name with its text and format.
    public func analyse(texts: [(name: String, text: String, format: ArticleFormat)]) throws -> (files: [CoverageReport], total: CoverageReport) {
        try analyse(articles: texts.map { article in
            { body in try DocumentSegmentation(format: article.format).forEachSegment(inText: article.text, body) }
        }, names: texts.map(\.name))
    }

    private typealias SegmentSource = ((Segment) throws -> Void) throws -> Void

    private func analyse(articles: [SegmentSource], names files: [String]) throws -> (files: [CoverageReport], total: CoverageReport) {
        struct Item { var file: Int; var segment: Segment; var normalized: String; var words: Int; var repetition: Bool; var terms: [TermHit] }
        var seen = Set<String>()
        var perFile: [[Item]] = []
        for (f, forEachSegment) in articles.enumerated() {
            var items: [Item] = []
            try forEachSegment { segment in
                let normalized = MatchText(segment.text).normalized
                let hits = recognizer?.find(in: segment.text).filter { $0.lang == segment.lang.rawValue } ?? []
                items.append(Item(file: f, segment: segment, normalized: normalized, words: WordCounter.count(segment.text),
                                  repetition: !seen.insert(normalized).inserted, terms: hits))
            }
            perFile.append(items)
        }
        // Best matches (and context) for every first occurrence, in parallel.
        let jobs = perFile.enumerated().flatMap { (f, items) in items.indices.filter { !items[$0].repetition }.map { (f, $0) } }
        let finder = self.finder
        let snapshot = perFile
        let found = try concurrentMap(jobs.count) { k -> (Match, Bool)? in
            let (f, i) = jobs[k]
            let items = snapshot[f]
            guard let best = try finder.lookup(items[i].segment.text, language: items[i].segment.lang, minScore: 50, limit: 1).first else {
                return nil
            }
            let context = try finder.isContextMatch(best, language: items[i].segment.lang,
                                                    previous: i > 0 ? items[i - 1].normalized : nil,
                                                    next: i + 1 < items.count ? items[i + 1].normalized : nil)
            return (best, context)
        }
        var matches: [[Int: (Match, Bool)]] = Array(repeating: [:], count: files.count)
        for (k, (f, i)) in jobs.enumerated() {
            if let match = found[k] { matches[f][i] = match }
        }

        var reports: [CoverageReport] = []
        var total = CoverageReport(file: "total")
        var totalTerms = Set<String>()
        for (f, items) in perFile.enumerated() {
            var report = CoverageReport(file: files[f])
            var terms = Set<String>(), approved = Set<String>()
            for (i, item) in items.enumerated() {
                for hit in item.terms {
                    let term = item.segment.lang == .en ? hit.en.lowercased() : hit.zh
                    terms.insert(term)
                    if hit.status != .forbidden { approved.insert(term) }
                }
                report.termOccurrences += Set(item.terms.map(\.start)).count
                var entry = CoverageSegment(text: item.segment.text, words: item.words, band: item.repetition ? .repetitions : .new,
                                            score: nil, match: nil, translation: nil, repaired: nil, terms: item.terms)
                if let (best, context) = matches[f][i] {
                    entry.score = best.score
                    entry.match = best.source
                    entry.translation = best.target
                    entry.repaired = best.repaired
                    entry.band = context ? .context : CoverageBand.of(best)
                }
                report.bands[entry.band, default: BandCount()].segments += 1
                report.bands[entry.band, default: BandCount()].words += item.words
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
