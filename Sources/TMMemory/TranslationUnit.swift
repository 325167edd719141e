import Foundation
import TMGlossary
import TMText

/// Where a unit came from.
public enum Origin: String, Sendable, Codable, CaseIterable {
    case tmx, tsv, xliff, aligned, manual
    /// Confirmed by a translator in a job.
    case translated
}

/// An English–Chinese pair on its way into the memory.
public struct TranslationUnit: Sendable, Equatable {
    /// Both sides verbatim; inline markup appears as placeholders (see `InlinePlaceholder`).
    public var en: String
    public var zh: String
    public var origin: Origin
    /// Position of the unit in its file or document (0-based).
    public var position: Int?
    /// Alignment confidence (0–1) for aligned units.
    public var confidence: Double?
    public var createdAt: Date?
    public var changedAt: Date?
    public var user: String?
    /// Anything else the source said about the unit: notes, properties, ids.
    public var provenance: [String: String]
    /// Where the unit starts in its file (1-based), when a reader knows.
    public var line: Int?
    public var column: Int?

    public init(en: String, zh: String, origin: Origin, position: Int? = nil, confidence: Double? = nil,
                createdAt: Date? = nil, changedAt: Date? = nil, user: String? = nil, provenance: [String: String] = [:]) {
        self.en = en
        self.zh = zh
        self.origin = origin
        self.position = position
        self.confidence = confidence
        self.createdAt = createdAt
        self.changedAt = changedAt
        self.user = user
        self.provenance = provenance
    }
}

/// The file an import reads.
public struct ImportSource: Sendable {
    public var fileName: String
    public var format: String
    /// Hex SHA-256 of the file's bytes: the same file is imported once.
    public var sha256: String
    /// The document the units belong to (by default the file name).
    public var documentName: String
    public var user: String?

    public init(fileName: String, format: String, sha256: String, documentName: String? = nil, user: String? = nil) {
        self.fileName = fileName
        self.format = format
        self.sha256 = sha256
        self.documentName = documentName ?? fileName
        self.user = user
    }
}

/// What an import did.
public struct ImportSummary: Sendable, Equatable {
    public var added = 0
    public var duplicates = 0
    /// Units not stored, counted by reason.
    public var skipped: [String: Int] = [:]
    /// Each unit not stored, with where it is in the file (in file order).
    public var rejections: [Rejection] = []
    /// The same file had been imported before: nothing was done.
    public var alreadyImported = false
    public var importID: Int64?

    public init() {}

    public var skippedCount: Int { skipped.values.reduce(0, +) }
}

/// Receives units during an import.
public protocol UnitSink: AnyObject {
    func add(_ unit: TranslationUnit) throws
    /// Records a unit that is not stored, and why.
    func skip(reason: String)
    /// Records a unit that is not stored, why, and where it is in the file.
    func reject(_ rejection: Rejection)
}

extension UnitSink {
    public func reject(_ rejection: Rejection) { skip(reason: rejection.reason) }
}

/// A unit of a file that was not stored: why, and where it starts (1-based; nil when unknown).
public struct Rejection: Sendable, Equatable, Codable {
    public var reason: String
    public var line: Int?
    public var column: Int?

    public init(reason: String, line: Int? = nil, column: Int? = nil) {
        self.reason = reason
        self.line = line
        self.column = column
    }

    /// `file:line:column: reason`, as compilers and the rest of TMKit's errors write it.
    public func described(file: String) -> String {
        guard let line else { return "\(file): \(reason)" }
        return "\(file):\(line):\(column ?? 1): \(reason)"
    }
}

/// The checks every imported pair passes before it is stored: both sides
/// present, each in its own language (by the share of Han characters), not
/// the same text twice, and of a sentence's length rather than a file's.
public enum UnitScreen {
    /// Longer sides are whole files or broken quoting, not sentences.
    public static let maximumCharacters = 5_000

    /// Why the pair should not be stored, or nil when it is fine.
    public static func problem(en: String, zh: String) -> String? {
        let enText = en.trimmingCharacters(in: .whitespacesAndNewlines)
        let zhText = zh.trimmingCharacters(in: .whitespacesAndNewlines)
        if enText.isEmpty { return "the English side is empty" }
        if zhText.isEmpty { return "the Chinese side is empty" }
        if enText.utf8.count > maximumCharacters && enText.count > maximumCharacters {
            return "the English side is longer than \(maximumCharacters) characters"
        }
        if zhText.utf8.count > maximumCharacters && zhText.count > maximumCharacters {
            return "the Chinese side is longer than \(maximumCharacters) characters"
        }
        if enText == zhText { return "both sides are the same text" }
        let english = Language.units(in: enText)
        if english.han > english.latinWords { return "Chinese text on the English side" }
        let chinese = Language.units(in: zhText)
        if chinese.han == 0 && chinese.latinWords >= 2 { return "no Chinese on the Chinese side" }
        return nil
    }
}

/// A stored unit as lookups return it.
public struct StoredUnit: Sendable, Equatable, Codable {
    public var id: Int64
    public var en: String
    public var zh: String
    public var origin: Origin
    public var document: String?
    public var importFile: String?
    public var position: Int?
    public var confidence: Double?
    public var changedAt: Date
    /// Grows by one with every change (see `UnitSnapshot.version`).
    public var version: Int64
    /// The import the unit is filed under.
    public var importID: Int64?

    // Public: other stores (another database) build the same values.
    public init(id: Int64, en: String, zh: String, origin: Origin, document: String?, importFile: String?,
                position: Int?, confidence: Double?, changedAt: Date, version: Int64 = 0, importID: Int64? = nil) {
        self.id = id
        self.en = en
        self.zh = zh
        self.origin = origin
        self.document = document
        self.importFile = importFile
        self.position = position
        self.confidence = confidence
        self.changedAt = changedAt
        self.version = version
        self.importID = importID
    }
}

/// Kinds of difference between a query and a fuzzy match.
public enum DifferenceKind: String, Sendable, Codable {
    case words, numbers, punctuation, `case`, markup
}

public struct Difference: Sendable, Equatable, Codable {
    public var kind: DifferenceKind
    /// The query's side of the difference (empty for an insertion).
    public var query: String
    /// The match's side (empty for a deletion).
    public var match: String
}

/// A memory unit that matches a query.
public struct Match: Sendable, Equatable {
    public var score: Int
    /// The matching side in the query's language, and its translation.
    public var source: String
    public var target: String
    public var sourceLanguage: Language
    public var differences: [Difference]
    public var unit: StoredUnit
    /// Points taken off the score for the unit's origin or import (see `PenaltyTable`), and why.
    public var penalty: Int = 0
    public var penaltyReason: String?
    /// The target rewritten for the query's numbers, dates or terms (`MatchRepairer`);
    /// `target` stays as stored. A repaired match scores `fuzzyScore` raised to 99 or 97.
    public var repaired: RepairedTarget?
    public var fuzzyScore: Int?
    /// Why a match that differs in values or terms was not repaired.
    public var repairNote: String?

    // Public: other stores (another database) build the same values.
    public init(score: Int, source: String, target: String, sourceLanguage: Language, differences: [Difference], unit: StoredUnit) {
        self.score = score
        self.source = source
        self.target = target
        self.sourceLanguage = sourceLanguage
        self.differences = differences
        self.unit = unit
    }
}

/// A unit that contains the searched text.
public struct ConcordanceHit: Sendable, Equatable {
    public var unit: StoredUnit
    /// The side that contains the text, and UTF-8 byte ranges of each occurrence in it.
    public var language: Language
    public var ranges: [Range<Int>]

    // Public: other stores (another database) build the same values.
    public init(unit: StoredUnit, language: Language, ranges: [Range<Int>]) {
        self.unit = unit
        self.language = language
        self.ranges = ranges
    }
}

extension ConcordanceHit {
    /// UTF-8 ranges of `needle` in `text`, ignoring case and width.
    public static func occurrences(of needle: String, in text: String) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var searchStart = text.startIndex
        let options: String.CompareOptions = [.caseInsensitive, .widthInsensitive]
        while searchStart < text.endIndex, let r = text.range(of: needle, options: options, range: searchStart..<text.endIndex) {
            ranges.append(text.utf8.distance(from: text.startIndex, to: r.lowerBound)..<text.utf8.distance(from: text.startIndex, to: r.upperBound))
            searchStart = r.upperBound
        }
        return ranges
    }
}
