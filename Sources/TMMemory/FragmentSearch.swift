import Foundation
import TMText

/// A phrase of a query that occurs in the memory, for a sentence the memory
/// has no match for (memoQ's longest-substring concordance).
public struct Fragment: Sendable, Equatable, Codable {
    /// The phrase as the query wrote it.
    public var text: String
    public var language: Language
    /// Where it is in the query (UTF-8 byte offsets).
    public var start: Int
    public var end: Int
    /// Units holding it; a lower bound when `more` is set (only the likeliest units were read).
    public var count: Int
    public var more: Bool
    /// Its translation where the units holding it agree (or the glossary's rendering), and how many agreed.
    public var translation: String?
    public var agreeing: Int
    /// Set when the phrase is, or lies inside, a glossary term: reported as that term.
    public var glossaryTerm: String?
    /// A few of the units holding it.
    public var units: [Int64]

    /// "2 units", "200+ units".
    public var holders: String { "\(count)\(more ? "+" : "") unit\(count == 1 && !more ? "" : "s")" }

    public init(text: String, language: Language, start: Int, end: Int, count: Int, more: Bool, translation: String?,
                agreeing: Int, glossaryTerm: String? = nil, units: [Int64]) {
        self.text = text
        self.language = language
        self.start = start
        self.end = end
        self.count = count
        self.more = more
        self.translation = translation
        self.agreeing = agreeing
        self.glossaryTerm = glossaryTerm
        self.units = units
    }
}

/// Finds a query's longest phrases in the memory with the fuzzy index, the
/// same way on every backend. No ready-made library does longest-common-
/// phrase search over posting lists, hence this file:
/// 1. units are ranked by the rarity (idf) of the query tokens they hold —
///    tokens in more than one unit in twenty rank nothing, so very common
///    words cost nothing;
/// 2. the best-ranked units are read and their longest common token runs
///    with the query found exactly (a small dynamic programme per unit);
/// 3. the longest runs are kept, with how many read units hold each, and a
///    translation where the units holding a run agree on a common piece of
///    their other side.
public enum FragmentSearch {
    /// The shortest phrase reported: three English words, four Chinese characters.
    public static func minimumTokens(_ language: Language) -> Int { language == .en ? 3 : 4 }
    static let unitsRead = 200
    static let unitsForTranslation = 12

    public static func find(_ raw: String, language: Language, unitCount: Int, limit: Int,
                            postings: ([UInt64]) throws -> [[UInt32]],
                            units: ([UInt32]) throws -> [StoredUnit]) rethrows -> [Fragment] {
        let query = MatchText(raw)
        let tokens = query.tokens
        let minimum = minimumTokens(language)
        guard tokens.count >= minimum, limit > 0 else { return [] }
        let distinct = Array(Set(query.hashes))
        let lists = Dictionary(uniqueKeysWithValues: zip(distinct, try postings(distinct)))
        let common = max(50, unitCount / 20)
        let total = Double(max(unitCount, 1))
        var rank: [UInt32: Double] = [:]
        for (_, list) in lists where !list.isEmpty && list.count <= common {
            let idf = log(total / Double(list.count)) + 1
            for id in list { rank[id, default: 0] += idf }
        }
        guard !rank.isEmpty else { return [] }
        let best = rank.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }.prefix(unitsRead)
        let truncated = rank.count > unitsRead
        let read = try units(best.map(\.key))

        // Maximal common runs of each unit with the query: query span → units holding it.
        var holders: [Range<Int>: Set<Int64>] = [:]
        var byID: [Int64: StoredUnit] = [:]
        for unit in read {
            byID[unit.id] = unit
            let side = MatchText(language == .en ? unit.en : unit.zh).tokens
            for span in commonRuns(tokens, side, minimum: minimum) { holders[span, default: []].insert(unit.id) }
        }
        let rare = query.hashes.map { (lists[$0]?.count ?? 0) <= common }
        var chosen: [(span: Range<Int>, units: Set<Int64>)] = []
        for span in holders.keys.sorted(by: { $0.count != $1.count ? $0.count > $1.count : $0.lowerBound < $1.lowerBound }) {
            guard rare[span].contains(true), !chosen.contains(where: { $0.span.contains(span.lowerBound) && $0.span.contains(span.upperBound - 1) }) else { continue }
            let units = holders.filter { $0.key.lowerBound <= span.lowerBound && $0.key.upperBound >= span.upperBound }.values.reduce(into: Set<Int64>()) { $0.formUnion($1) }
            chosen.append((span, units))
            if chosen.count == limit { break }
        }
        let places = tokenPlaces(raw, count: tokens.count)
        return chosen.sorted { $0.span.lowerBound < $1.span.lowerBound }.map { span, ids in
            let holding = ids.sorted(by: >).compactMap { byID[$0] }
            let (translation, agreeing) = agreedTranslation(holding.prefix(unitsForTranslation).map { language == .en ? $0.zh : $0.en },
                                                            language: language == .en ? .zh : .en, sourceTokens: span.count)
            let start = places?[span.lowerBound].lowerBound, end = places?[span.upperBound - 1].upperBound
            let text = start.flatMap { s in end.map { e in String(decoding: Array(raw.utf8)[s..<e], as: UTF8.self) } }
                ?? tokens[span].joined(separator: language == .en ? " " : "")
            return Fragment(text: text, language: language, start: start ?? 0, end: end ?? 0, count: ids.count, more: truncated,
                            translation: translation, agreeing: agreeing, units: Array(holding.prefix(5).map(\.id)))
        }
    }

    /// Query spans (token indices) that a unit's tokens hold, maximal and at least `minimum` long.
    static func commonRuns(_ a: [String], _ b: [String], minimum: Int) -> [Range<Int>] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var previous = [Int](repeating: 0, count: b.count + 1), current = previous
        var best: [Int: Int] = [:]  // span end in `a` → longest length ending there
        for i in 1...a.count {
            for j in 1...b.count {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : 0
                if current[j] >= minimum { best[i] = max(best[i] ?? 0, current[j]) }
            }
            swap(&previous, &current)
        }
        let spans = best.map { ($0.key - $0.value)..<$0.key }
        return spans.filter { s in !spans.contains { $0 != s && $0.lowerBound <= s.lowerBound && $0.upperBound >= s.upperBound } }
    }

    /// Where each query token is in the raw text, when the raw text tokenizes the same way.
    private static func tokenPlaces(_ raw: String, count: Int) -> [Range<Int>]? {
        let found = Tokenizer.tokens(raw)
        return found.count == count ? found.map(\.range) : nil
    }

    /// The longest piece that most of the other sides share (at least two of
    /// them, and three in five), no longer than a translation of the phrase
    /// could plausibly be; nil when they do not agree.
    static func agreedTranslation(_ sides: [String], language: Language, sourceTokens: Int) -> (String?, Int) {
        guard sides.count >= 2 else { return (nil, 0) }
        let runs = sides.map { runsOfTokens($0) }
        let needed = max(2, (sides.count * 3 + 4) / 5)
        let longest = language == .zh ? sourceTokens * 3 + 2 : sourceTokens + 3
        let shortest = language == .zh ? 2 : 1
        guard let base = runs.indices.min(by: { runs[$0].joined().count < runs[$1].joined().count }) else { return (nil, 0) }
        var bestPiece: [String]? = nil, bestSupport = 0
        for run in runs[base] {
            for start in run.indices {
                for length in stride(from: min(longest, run.count - start), through: shortest, by: -1) {
                    let piece = Array(run[start..<(start + length)])
                    if let current = bestPiece, piece.count < current.count { break }
                    let support = runs.filter { unit in unit.contains { contains($0, piece) } }.count
                    guard support >= needed else { continue }
                    if bestPiece == nil || piece.count > bestPiece!.count || support > bestSupport {
                        bestPiece = piece
                        bestSupport = support
                    }
                    break
                }
            }
        }
        guard let piece = bestPiece else { return (nil, 0) }
        return (piece.joined(separator: language == .zh ? "" : " "), bestSupport)
    }

    /// A side's tokens, cut where punctuation separates them.
    private static func runsOfTokens(_ text: String) -> [[String]] {
        let normalized = MatchText.normalized(text)
        var runs: [[String]] = [[]]
        for token in Tokenizer.tokens(normalized, includePunctuation: true) {
            if token.kind == .punctuation { if !runs[runs.count - 1].isEmpty { runs.append([]) } }
            else { runs[runs.count - 1].append(token.text) }
        }
        return runs.filter { !$0.isEmpty }
    }

    private static func contains(_ run: [String], _ piece: [String]) -> Bool {
        guard piece.count <= run.count else { return false }
        for start in 0...(run.count - piece.count) where run[start] == piece[0] {
            if Array(run[start..<(start + piece.count)]) == piece { return true }
        }
        return false
    }
}
