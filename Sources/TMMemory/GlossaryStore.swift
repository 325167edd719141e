import Foundation
import TMGlossary
import TMText

/// What a glossary import did.
public struct GlossaryImportSummary: Sendable, Equatable, Codable {
    public var added = 0
    /// Entries whose English and Chinese sides were already there (their status, part of speech and note were updated).
    public var merged = 0
    public init() {}

    public init(added: Int, merged: Int) {
        self.added = added
        self.merged = merged
    }
}

/// The glossary tables the use cases need, kept in the memory's database.
/// Every entry a replacement or a removal takes out is kept in the
/// glossary's history (`glossaryRemovals`), so that it can be restored.
public protocol GlossaryStore: AnyObject {
    func glossaryEntries() throws -> [GlossaryEntry]
    /// Replaces every entry from `source` with `entries`, in one transaction,
    /// and records the source's hash; the entries it drops go in the history.
    func replaceGlossary(source: String, sha256: String, entries: [GlossaryEntry], by user: String?) throws -> GlossaryImportSummary
    /// Adds or merges entries (their own `source` is kept).
    func addGlossaryEntries(_ entries: [GlossaryEntry]) throws -> GlossaryImportSummary
    /// The hash recorded for each synced source.
    func glossarySourceHashes() throws -> [String: String]
    /// Removes the entries of a source that no longer exists (into the history).
    func removeGlossarySource(_ source: String, by user: String?) throws
    /// Entries taken out of the glossary, latest first.
    func glossaryRemovals(limit: Int) throws -> [GlossaryRemoval]
    /// Marks removals as restored and returns them (the caller puts the entries back).
    func markGlossaryRemovalsRestored(_ ids: [Int64]) throws -> [GlossaryRemoval]
}

extension GlossaryStore {
    public func replaceGlossary(source: String, sha256: String, entries: [GlossaryEntry]) throws -> GlossaryImportSummary {
        try replaceGlossary(source: source, sha256: sha256, entries: entries, by: nil)
    }

    public func removeGlossarySource(_ source: String) throws { try removeGlossarySource(source, by: nil) }
}

/// A glossary entry taken out of the memory by a sync or a replaced source.
public struct GlossaryRemoval: Sendable, Codable, Equatable {
    public var id: Int64
    public var entry: GlossaryEntry
    public var removedAt: Date
    public var removedBy: String?
    public var restoredAt: Date?

    public init(id: Int64, entry: GlossaryEntry, removedAt: Date, removedBy: String?, restoredAt: Date?) {
        self.id = id
        self.entry = entry
        self.removedAt = removedAt
        self.removedBy = removedBy
        self.restoredAt = restoredAt
    }

    /// The entries of `before` (one source's) that `after` does not have again, by the glossary's keys.
    public static func dropped(before: [GlossaryEntry], after: [GlossaryEntry]) -> [GlossaryEntry] {
        let kept = Set(after.map(GlossaryRemoval.key))
        return before.filter { !kept.contains(GlossaryRemoval.key($0)) }
    }

    /// The key the glossary tables are unique on: English lowercased, Chinese normalized.
    public static func key(_ entry: GlossaryEntry) -> String {
        entry.en.lowercased() + "\u{1F}" + MatchNormalizer.normalize(entry.zh)
    }
}
