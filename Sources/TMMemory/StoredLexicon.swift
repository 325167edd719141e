import Foundation

/// A bilingual dictionary kept in the memory (CC-CEDICT's format) so that
/// every later alignment uses it without being told where it is.
public struct StoredLexicon: Sendable, Equatable {
    public var name: String
    /// The dictionary's text, uncompressed.
    public var content: Data
    public var importedAt: Date
    public var user: String?

    public init(name: String, content: Data, importedAt: Date, user: String?) {
        self.name = name
        self.content = content
        self.importedAt = importedAt
        self.user = user
    }
}

/// Where dictionaries are kept: the memory itself, on either backend.
public protocol LexiconStore {
    /// Stores a dictionary under `name`, replacing one of the same name, in one transaction.
    func storeLexicon(_ lexicon: StoredLexicon) throws
    /// Every stored dictionary, by name.
    func lexicons() throws -> [StoredLexicon]
}
