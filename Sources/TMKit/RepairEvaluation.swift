import Foundation
import TMGlossary
import TMMemory
import TMText

/// Scores match repair against a memory: each case is a query and the
/// Chinese its best match should be repaired to, or null when no repair is
/// expected. A wrong repair (a different text, or a repair where none was
/// expected) is counted apart from a missing one: it is the worse mistake.
public struct RepairEvaluation {
    public struct Case: Decodable, Sendable {
        public var query: String
        public var repaired: String?
    }

    public struct Outcome: Sendable {
        public var query: String
        public var expected: String?
        public var actual: String?
        public var note: String?
    }

    public struct Result: Sendable {
        public var correct: [Outcome] = []
        public var wrong: [Outcome] = []
        public var notRepaired: [Outcome] = []
    }

    public let finder: MatchFinder
    public var minScore: Int

    public init(finder: MatchFinder, minScore: Int = 70) {
        self.finder = finder
        self.minScore = minScore
    }

    /// JSON lines `{"query", "repaired"}`; a bad line is named with its number.
    public static func loadCases(path: String) throws -> [Case] {
        try JSONLines.read(Case.self, path: path, expected: "a JSON object with \"query\" (text) and \"repaired\" (text or null)")
    }

    public func run(_ cases: [Case]) throws -> Result {
        var result = Result()
        for c in cases {
            let best = try finder.lookup(c.query, language: .en, minScore: minScore, limit: 1).first
            let outcome = Outcome(query: c.query, expected: c.repaired, actual: best?.repaired?.text, note: best?.repairNote)
            switch (c.repaired, outcome.actual) {
            case (let e?, let a?): if e == a { result.correct.append(outcome) } else { result.wrong.append(outcome) }
            case (nil, nil): result.correct.append(outcome)
            case (nil, _?): result.wrong.append(outcome)
            case (_?, nil): result.notRepaired.append(outcome)
            }
        }
        return result
    }
}
