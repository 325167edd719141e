import Foundation
import TMText

/// Which units a command works on, the same for lookup, concordance, export,
/// delete and replace: each condition given must hold.
public struct UnitFilter: Sendable, Equatable, Codable {
    /// Units of any of these origins (tmx, tsv, xliff, aligned, manual…).
    public var origins: [String] = []
    /// Units of the document with this name.
    public var document: String?
    /// Units this import brought (filed under it, or brought again by it).
    public var importID: Int64?
    /// Units changed at or after this moment.
    public var changedSince: Date?
    /// Units changed before this moment.
    public var changedBefore: Date?
    /// Units last changed (or imported) by this user.
    public var changedBy: String?
    /// Units whose alignment confidence is below this value (units without one never are).
    public var confidenceBelow: Double?
    /// Units whose alignment confidence is above this value.
    public var confidenceAbove: Double?

    public init(origins: [String] = [], document: String? = nil, importID: Int64? = nil, changedSince: Date? = nil,
                changedBefore: Date? = nil, changedBy: String? = nil, confidenceBelow: Double? = nil, confidenceAbove: Double? = nil) {
        self.origins = origins
        self.document = document
        self.importID = importID
        self.changedSince = changedSince
        self.changedBefore = changedBefore
        self.changedBy = changedBy
        self.confidenceBelow = confidenceBelow
        self.confidenceAbove = confidenceAbove
    }

    /// No condition: every unit.
    public var isEmpty: Bool { self == UnitFilter() }

    /// The conditions in words (for messages).
    public var description: String {
        var parts: [String] = []
        if !origins.isEmpty { parts.append("origin " + origins.joined(separator: " or ")) }
        if let document { parts.append("document \"\(document)\"") }
        if let importID { parts.append("import \(importID)") }
        if let changedSince { parts.append("changed since \(changedSince)") }
        if let changedBefore { parts.append("changed before \(changedBefore)") }
        if let changedBy { parts.append("changed by \(changedBy)") }
        if let confidenceBelow { parts.append("confidence below \(confidenceBelow)") }
        if let confidenceAbove { parts.append("confidence above \(confidenceAbove)") }
        return parts.isEmpty ? "every unit" : parts.joined(separator: ", ")
    }
}

/// Text a unit's side must contain, literally (before any normalization).
public struct TextCondition: Sendable, Equatable {
    public var language: Language
    public var text: String
    public var caseSensitive: Bool

    public init(language: Language, text: String, caseSensitive: Bool = true) {
        self.language = language
        self.text = text
        self.caseSensitive = caseSensitive
    }
}
