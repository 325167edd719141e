import TMGlossary
import TMMemory
import TMText

/// The matches every use case shows (lookup, the API and page, coverage,
/// pretranslation): the memory's fuzzy matches, each repaired for the
/// query's numbers, dates and glossary terms where that is certain, then
/// ranked again by their final score.
public struct MatchFinder: Sendable {
    public let memory: any TranslationMemoryStore
    public let repairer: MatchRepairer

    public init(memory: any TranslationMemoryStore, recognizer: TermRecognizer?) {
        self.memory = memory
        repairer = MatchRepairer(recognizer: recognizer)
    }

    /// How far below `minScore` a match may be found when the query holds
    /// values or terms: in a short sentence one changed figure costs more
    /// than 20 points, and the repair brings it back to 99.
    static let repairReach = 30

    public func lookup(_ text: String, language: Language, minScore: Int, limit: Int, filter: UnitFilter = UnitFilter()) throws -> [Match] {
        // Repairs go from English to Chinese; Chinese queries get the memory's matches as they are.
        guard language == .en, minScore > 0, mayRepair(text) else {
            return try memory.lookup(text, language: language, minScore: minScore, limit: limit, filter: filter)
        }
        let found = try memory.lookup(text, language: language, minScore: max(1, minScore - Self.repairReach),
                                      limit: max(limit, 10), filter: filter)
        let ranked = found.map { repair($0, query: text) }.filter { $0.score >= minScore }
            .enumerated().sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
        return ranked.prefix(limit).map(\.element)
    }

    /// The match with its repair (or the reason there is none) and its final score.
    public func repair(_ match: Match, query: String) -> Match {
        guard match.score < 100, match.sourceLanguage == .en else { return match }
        var m = match
        switch repairer.repair(query: query, source: match.source, target: match.target) {
        case .nothingToRepair: break
        case .notRepaired(let reason): m.repairNote = reason
        case .repaired(let result):
            m.repaired = result
            m.fuzzyScore = match.score
            m.score = max(match.score, MatchRepairer.score(of: result) - match.penalty)
        }
        return m
    }

    private func mayRepair(_ text: String) -> Bool {
        !ValueMentions.english(text).isEmpty || repairer.recognizer?.find(in: text).contains { $0.lang == "en" } == true
    }
}
