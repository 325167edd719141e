import Foundation

/// Carries what a memory keeps beside its units into another memory (a copy
/// to another backend, a backup): the dictionaries stored for the aligner and
/// the penalties. Both are keyed by name, so copying again changes nothing.
public enum SettingsCopy {
    /// Returns the number of dictionaries and penalties copied.
    @discardableResult
    public static func run(from source: any TranslationMemoryStore, to target: any TranslationMemoryStore) throws -> (lexicons: Int, penalties: Int) {
        let lexicons = try source.lexicons()
        let penalties = try source.penalties().compactMap { p -> (PenaltyScope, Int)? in
            guard let scope = PenaltyScope(p.scope), scope.isMemoryWide else { return nil }
            return (scope, p.points)
        }
        for lexicon in lexicons { try target.storeLexicon(lexicon) }
        for (scope, points) in penalties { try target.setPenalty(scope, points: points) }
        return (lexicons.count, penalties.count)
    }
}
