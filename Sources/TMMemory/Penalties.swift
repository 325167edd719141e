import Foundation

/// What a penalty applies to: the units of an origin, or of one import.
public enum PenaltyScope: Hashable, Sendable {
    case origin(String)
    case importID(Int64)

    /// `aligned`, `origin:aligned` or `import:12`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2, parts[0] == "import", let id = Int64(parts[1]) {
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
        }
    }

    /// As a match explains it ("origin aligned").
    public var reason: String {
        switch self {
        case .origin(let name): return "origin \(name)"
        case .importID(let id): return "import \(id)"
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

/// The penalties of a memory, applied to its matches.
public struct PenaltyTable: Sendable {
    private let points: [String: Int]

    public init(_ penalties: [Penalty]) {
        points = Dictionary(penalties.map { ($0.scope, $0.points) }, uniquingKeysWith: { a, _ in a })
    }

    public var isEmpty: Bool { points.isEmpty }

    /// A unit's penalty: its origin's and its import's, added up.
    public func penalty(for unit: StoredUnit) -> (points: Int, reason: String?) {
        var total = 0
        var reasons: [String] = []
        for scope in [PenaltyScope.origin(unit.origin.rawValue)] + (unit.importID.map { [PenaltyScope.importID($0)] } ?? []) {
            if let p = points[scope.key], p > 0 {
                total += p
                reasons.append(scope.reason)
            }
        }
        return (total, reasons.isEmpty ? nil : reasons.joined(separator: ", "))
    }

    /// How many matches a lookup reads before penalties reorder them.
    public func lookupLimit(_ limit: Int) -> Int { isEmpty ? limit : max(limit * 4, limit + 20) }

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
