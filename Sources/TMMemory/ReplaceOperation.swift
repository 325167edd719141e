import Foundation
import TMText

/// A find and replace on one side of the memory's units.
public struct Replacement: Sendable, Equatable {
    public var language: Language
    public var find: String
    public var replacement: String
    /// `find` is an ICU regular expression and `replacement` a template ($1 …).
    public var regularExpression: Bool
    public var caseSensitive: Bool

    public init(language: Language, find: String, replacement: String, regularExpression: Bool = false, caseSensitive: Bool = true) {
        self.language = language
        self.find = find
        self.replacement = replacement
        self.regularExpression = regularExpression
        self.caseSensitive = caseSensitive
    }

    /// The side after the replacement (unchanged when nothing matches).
    func apply(to text: String, _ expression: NSRegularExpression?) -> String {
        if let expression {
            return expression.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: replacement)
        }
        return text.replacingOccurrences(of: find, with: replacement, options: caseSensitive ? [] : [.caseInsensitive])
    }
}

/// One unit's side before and after a replacement.
public struct PlannedReplacement: Sendable, Equatable, Codable {
    public var unitID: Int64
    public var before: String
    public var after: String
}

extension UnitMaintenance {
    /// What a replacement changes in the units the filter selects; with
    /// `apply`, the change itself, one transaction, recorded in the history.
    /// A side the replacement would leave empty refuses the whole replacement.
    public static func replace(_ tx: any MaintenanceTransaction, _ replacement: Replacement, filter: UnitFilter, apply: Bool,
                               by author: ChangeAuthor) throws -> (planned: [PlannedReplacement], change: MemoryChange?) {
        guard !replacement.find.isEmpty else { throw MaintenanceError.emptyPattern }
        var expression: NSRegularExpression?
        if replacement.regularExpression {
            do {
                expression = try NSRegularExpression(pattern: replacement.find, options: replacement.caseSensitive ? [] : [.caseInsensitive])
            } catch {
                throw MaintenanceError.badPattern(replacement.find, reason: "\(error.localizedDescription)")
            }
        }
        // A literal text narrows the units in the database; a pattern is tried on every selected unit.
        let literal = expression == nil ? TextCondition(language: replacement.language, text: replacement.find,
                                                        caseSensitive: replacement.caseSensitive) : nil
        let candidates = try tx.unitIDs(matching: filter, containing: literal, among: nil)
        let language = replacement.language == .en ? "English" : "Chinese"
        var planned: [PlannedReplacement] = []
        var edits: [(id: Int64, before: UnitSnapshot, after: UnitSnapshot)] = []
        let at = now()
        for start in stride(from: 0, to: candidates.count, by: 5_000) {
            let slice = Array(candidates[start..<min(start + 5_000, candidates.count)])
            let stored = try tx.snapshots(slice)
            for id in slice {
                guard let before = stored[id] else { continue }
                let side = replacement.language == .en ? before.en : before.zh
                let changed = replacement.apply(to: side, expression).trimmingCharacters(in: .whitespacesAndNewlines)
                guard changed != side else { continue }
                guard !changed.isEmpty else { throw MaintenanceError.emptySide(unit: id, language: language) }
                planned.append(PlannedReplacement(unitID: id, before: side, after: changed))
                var after = before
                if replacement.language == .en { after.en = changed } else { after.zh = changed }
                after.version += 1
                after.changedAt = at
                after.changedBy = author.user
                edits.append((id, before, after))
            }
        }
        guard !planned.isEmpty else {
            throw MaintenanceError.nothingMatches("\(filter.description); \(language) text \"\(replacement.find)\"")
        }
        guard apply else { return (planned, nil) }
        return (planned, try rewrite(edits, kind: .replace, by: author, tx))
    }

    /// The units a filter selects (at least one condition), deleted with `apply`.
    public static func delete(_ tx: any MaintenanceTransaction, matching filter: UnitFilter, apply: Bool,
                              by author: ChangeAuthor) throws -> (ids: [Int64], change: MemoryChange?) {
        guard !filter.isEmpty else { throw MaintenanceError.filterNeeded }
        let ids = try tx.unitIDs(matching: filter, containing: nil, among: nil)
        guard !ids.isEmpty else { throw MaintenanceError.nothingMatches(filter.description) }
        guard apply else { return (ids, nil) }
        return (ids, try delete(tx, units: ids, by: author))
    }

    /// Keeps one translation of a source: deletes the other units whose
    /// side in `language` is the same as this unit's.
    public static func keep(_ tx: any MaintenanceTransaction, unit id: Int64, language: Language,
                            by author: ChangeAuthor) throws -> MemoryChange {
        guard let unit = try tx.snapshots([id])[id] else { throw MaintenanceError.unknownUnit(id) }
        let others = try tx.unitIDs(withSide: language == .en ? unit.en : unit.zh, language: language).filter { $0 != id }
        guard !others.isEmpty else { throw MaintenanceError.nothingMatches("no other unit has the same \(language == .en ? "English" : "Chinese") side as unit \(id)") }
        return try delete(tx, units: others, by: author)
    }
}
