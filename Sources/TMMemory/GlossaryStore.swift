import Foundation
import TMGlossary

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
public protocol GlossaryStore: AnyObject {
    func glossaryEntries() throws -> [GlossaryEntry]
    /// Replaces every entry from `source` with `entries`, in one transaction, and records the source's hash.
    func replaceGlossary(source: String, sha256: String, entries: [GlossaryEntry]) throws -> GlossaryImportSummary
    /// Adds or merges entries (their own `source` is kept).
    func addGlossaryEntries(_ entries: [GlossaryEntry]) throws -> GlossaryImportSummary
    /// The hash recorded for each synced source.
    func glossarySourceHashes() throws -> [String: String]
    /// Removes the entries of sources that no longer exist.
    func removeGlossarySource(_ source: String) throws
}
