import Foundation

/// What a penalty applies to: the units of an origin, of one import, or the
/// aligned units the aligner was unsure of.
public enum PenaltyScope: Hashable, Sendable {
    case origin(String)
    case importID(Int64)
    /// Aligned units whose alignment confidence is under `weakLinkConfidence`.
    case weakLinks

    /// Under this alignment confidence an aligned unit is a weak link.
    public static let weakLinkConfidence = 0.8

    /// `aligned`, `origin:aligned`, `import:12` or `weak-links`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        if text == PenaltyScope.weakLinks.key {
            self = .weakLinks
        } else if parts.count == 2, parts[0] == "import", let id = Int64(parts[1]) {
            self = .importID(id)
        } else if let name = parts.count == 2 && parts[0] == "origin" ? parts[1] : (parts.count == 1 ? parts[0] : nil),
                  Origin(rawValue: name) != nil {
            self = .origin(name)
        } else {
            return nil
        }
    }

    /// As the memory stores it.
    public var key: String {
        switch self {
        case .origin(let name): return "origin:\(name)"
        case .importID(let id): return "import:\(id)"
        case .weakLinks: return "weak-links"
        }
    }

    /// Whether the scope means the same in another memory (an import's id does not).
    public var isMemoryWide: Bool {
        if case .importID = self { return false }
        return true
    }

    /// The points a memory takes off until told otherwise: a link the aligner
    /// was unsure of never comes back as an exact match.
    public var defaultPoints: Int? { self == .weakLinks ? 5 : nil }

    /// As a match explains it ("origin aligned").
    public var reason: String {
        switch self {
        case .origin(let name): return "origin \(name)"
        case .importID(let id): return "import \(id)"
        case .weakLinks: return "aligned with confidence under \(PenaltyScope.weakLinkConfidence)"
        }
    }
}

/// A lookup's score lowered for the units of an origin or an import, the
/// way CAT tools penalise aligned or less trusted memories.
public struct Penalty: Sendable, Equatable, Codable {
    /// `origin:aligned` or `import:12`.
    public var scope: String
    public var points: Int

    public init(scope: String, points: Int) {
        self.scope = scope
        self.points = points
    }
}

/// The penalties of a memory, applied to its matches: those it stores, and
/// the defaults of scopes it stores nothing for (a stored 0 turns one off).
public struct PenaltyTable: Sendable {
    private let points: [String: Int]

    /// Scopes with a default, for listing them beside the stored penalties.
    public static let defaulted: [PenaltyScope] = [.weakLinks]

    public init(_ penalties: [Penalty]) {
        var points = Dictionary(penalties.map { ($0.scope, $0.points) }, uniquingKeysWith: { a, _ in a })
        for scope in PenaltyTable.defaulted where points[scope.key] == nil { points[scope.key] = scope.defaultPoints }
        self.points = points.filter { $0.value > 0 }
    }

    /// The stored penalties, with the defaults in force, ordered by scope.
    public static func effective(_ stored: [Penalty]) -> [Penalty] {
        let keys = Set(stored.map(\.scope))
        let defaults = defaulted.filter { !keys.contains($0.key) }.compactMap { s in s.defaultPoints.map { Penalty(scope: s.key, points: $0) } }
        return (stored + defaults).sorted { $0.scope < $1.scope }
    }

    public var isEmpty: Bool { points.isEmpty }

    /// What `setPenalty` stores for `points`: nil deletes the row. Removing a
    /// penalty that has a default stores 0, so that it stays off.
    public static func stored(_ points: Int?, for scope: PenaltyScope) -> Int? {
        if let points, points > 0 { return points }
        return scope.defaultPoints == nil ? nil : 0
    }

    /// A unit's penalty: its origin's, its import's and a weak link's, added up.
    public func penalty(for unit: StoredUnit) -> (points: Int, reason: String?) {
        var total = 0
        var reasons: [String] = []
        var scopes = [PenaltyScope.origin(unit.origin.rawValue)] + (unit.importID.map { [PenaltyScope.importID($0)] } ?? [])
        if unit.origin == .aligned, let confidence = unit.confidence, confidence < PenaltyScope.weakLinkConfidence {
            scopes.append(.weakLinks)
        }
        for scope in scopes {
            if let p = points[scope.key], p > 0 {
                total += p
                reasons.append(scope.reason)
            }
        }
        return (total, reasons.isEmpty ? nil : reasons.joined(separator: ", "))
    }

    /// How many matches a lookup reads before penalties reorder them.
    public func lookupLimit(_ limit: Int) -> Int { isEmpty ? limit : max(limit * 4, limit + 20) }

    /// A lookup's matches, penalised: `read(n)` gives the best `n` before
    /// penalties. The wider window is read only when a penalty lowered one of
    /// the first `limit` (only then can one further down take its place), so
    /// a memory whose best matches carry no penalty pays nothing for them.
    public func lookup(minScore: Int, limit: Int, read: (Int) throws -> [Match]) rethrows -> [Match] {
        let first = try read(limit)
        guard !isEmpty, first.count == limit, first.contains(where: { penalty(for: $0.unit).points > 0 }) else {
            return apply(first, minScore: minScore, limit: limit)
        }
        return apply(try read(lookupLimit(limit)), minScore: minScore, limit: limit)
    }

    /// The matches with their penalties: scores lowered, those below
    /// `minScore` dropped, best first, at most `limit`.
    public func apply(_ matches: [Match], minScore: Int, limit: Int) -> [Match] {
        guard !isEmpty else { return Array(matches.prefix(limit)) }
        let penalised = matches.map { match -> Match in
            var match = match
            let (p, reason) = penalty(for: match.unit)
            match.penalty = min(p, match.score)
            match.penaltyReason = reason
            match.score -= match.penalty
            return match
        }
        return Array(penalised.filter { $0.score >= minScore }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.unit.id > $1.unit.id }
            .prefix(limit))
    }
}
