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
        let reading = language == .en ? repairer.read(text) : nil
        guard let reading, minScore > 0, reading.hasValuesOrTerms else {
            return try memory.lookup(text, language: language, minScore: minScore, limit: limit, filter: filter)
        }
        let found = try memory.lookup(text, language: language, minScore: max(1, minScore - Self.repairReach),
                                      limit: max(limit, 10), filter: filter)
        let ranked = found.map { repair($0, reading: reading) }.filter { $0.score >= minScore }
            .enumerated().sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
        return ranked.prefix(limit).map(\.element)
    }

    /// The match with its repair (or the reason there is none) and its final score.
    func repair(_ match: Match, reading: MatchRepairer.Reading) -> Match {
        guard match.score < 100, match.sourceLanguage == .en else { return match }
        var m = match
        switch repairer.repair(reading, source: match.source, target: match.target) {
        case .nothingToRepair: break
        case .notRepaired(let reason): m.repairNote = reason
        case .repaired(let result):
            m.repaired = result
            m.repairNote = result.note
            m.fuzzyScore = match.score
            m.score = max(match.score, MatchRepairer.score(of: result) - match.penalty)
        }
        return m
    }

    /// Whether an exact match is a context match: the stored unit's
    /// neighbours in its document are the sentence's neighbours (normalized).
    public func isContextMatch(_ match: Match, language: Language, previous: String?, next: String?) throws -> Bool {
        guard match.score == 100, previous != nil || next != nil else { return false }
        let around = try memory.neighbours(of: match.unit.id, language: language)
        return around.previous == previous && around.next == next
    }

    /// The memory's longest phrases of a sentence (for one it has no match
    /// for). A phrase inside a glossary term is reported as that term, with
    /// its approved rendering as the translation.
    public func fragments(_ text: String, language: Language, limit: Int = 8) throws -> [Fragment] {
        let found = try memory.fragments(of: text, language: language, limit: limit)
        let hits = repairer.recognizer?.find(in: text).filter { $0.lang == language.rawValue && $0.status != .forbidden } ?? []
        var result: [Fragment] = []
        for fragment in found {
            var f = fragment
            let around = hits.filter { $0.start <= f.start && $0.end >= f.end && f.end > f.start }
            if let term = around.first(where: { $0.status == .preferred }) ?? around.first {
                f.glossaryTerm = term.en
                f.text = term.text
                f.start = term.start
                f.end = term.end
                f.translation = language == .en ? term.zh : term.en
            }
            if !result.contains(where: { $0.start == f.start && $0.end == f.end }) { result.append(f) }
        }
        return result
    }
}
