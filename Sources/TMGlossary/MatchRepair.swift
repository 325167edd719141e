import Foundation
import TMText

/// One value or term of a stored translation replaced for the query.
public struct Repair: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case number, money, percent, date, term }
    public var kind: Kind
    /// The stored translation's piece and what replaced it.
    public var from: String
    public var to: String
    /// The stored source's piece and the query's.
    public var sourceFrom: String
    public var sourceTo: String

    public init(kind: Kind, from: String, to: String, sourceFrom: String, sourceTo: String) {
        self.kind = kind
        self.from = from
        self.to = to
        self.sourceFrom = sourceFrom
        self.sourceTo = sourceTo
    }
}

/// A stored translation rewritten for the query; the stored text is never changed.
public struct RepairedTarget: Sendable, Equatable, Codable {
    public var text: String
    public var repairs: [Repair]
    /// Where each replacement is in `text` (UTF-8 byte offsets), for marking.
    public var marked: [Range<Int>]
    /// What else was found, such as terms that share one rendering (nothing to replace).
    public var note: String? = nil
}

/// What repairing one match gave.
public enum RepairOutcome: Sendable, Equatable {
    /// Query and match differ in nothing a repair handles.
    case nothingToRepair
    /// Every difference was a value or a term, and each was replaced.
    case repaired(RepairedTarget)
    /// The match differs in values or terms, but they could not all be mapped safely.
    case notRepaired(reason: String)

    public var repaired: RepairedTarget? { if case .repaired(let r) = self { return r } else { return nil } }
    public var reason: String? { if case .notRepaired(let r) = self { return r } else { return nil } }
}

/// Repairs an English→Chinese fuzzy match whose only differences from the
/// query are numbers, amounts, percentages, dates or glossary terms, the way
/// memoQ's auto-translatables or Trados' auto-localization do, but knowing
/// Chinese magnitudes: each changed value is found once in the stored Chinese
/// (by value, so "$900 million" is "9亿美元") and rewritten in the stored
/// Chinese's own style (same unit, separators, digit width, script). A repair
/// that is not certain is not made: a wrong figure is worse than none.
public struct MatchRepairer: Sendable {
    public let recognizer: TermRecognizer?

    /// Scores of repaired matches: just under an exact match, lower when a term was swapped.
    public static let valueScore = 99
    public static let termScore = 97

    public init(recognizer: TermRecognizer?) { self.recognizer = recognizer }

    public static func score(of repaired: RepairedTarget) -> Int {
        repaired.repairs.contains { $0.kind == .term } ? termScore : valueScore
    }

    struct TermSpan: Sendable { var range: Range<String.Index>; var hits: [TermHit] }

    /// An English sentence's values and glossary terms, read once for every match of a query.
    public struct Reading: Sendable {
        public let text: String
        let values: [ValueMention]
        let terms: [TermSpan]
        /// Whether there is anything a repair could replace.
        public var hasValuesOrTerms: Bool { !values.isEmpty || !terms.isEmpty }
    }

    public func read(_ text: String) -> Reading {
        let terms = self.terms(in: text)
        let values = ValueMentions.english(text).filter { v in !terms.contains { $0.range.overlaps(v.range) } }
        return Reading(text: text, values: values, terms: terms)
    }

    public func repair(query: String, source: String, target: String) -> RepairOutcome {
        repair(read(query), source: source, target: target)
    }

    public func repair(_ reading: Reading, source: String, target: String) -> RepairOutcome {
        let stored = read(source)
        let query = reading.text
        let (queryTerms, queryValues) = (reading.terms, reading.values)
        let (sourceTerms, sourceValues) = (stored.terms, stored.values)
        let valuesDiffer = queryValues.count != sourceValues.count
            || zip(queryValues, sourceValues).contains { $0.value != $1.value || $0.kind != $1.kind || $0.text != $1.text }
        let termsDiffer = queryTerms.count != sourceTerms.count
            || zip(queryTerms, sourceTerms).contains { !sameTerm($0, $1) }
        guard valuesDiffer || termsDiffer else { return .nothingToRepair }
        guard skeleton(query, values: queryValues, terms: queryTerms) == skeleton(source, values: sourceValues, terms: sourceTerms) else {
            return .notRepaired(reason: "the match differs in words besides its \(valuesDiffer ? "numbers" : "terms")")
        }
        var replacements: [(range: Range<String.Index>, text: String, repair: Repair)] = []
        let chineseValues = ValueMentions.chinese(target)
        for (q, s) in zip(queryValues, sourceValues) {
            guard q.kind == s.kind, q.hasYear == s.hasYear, q.hasDay == s.hasDay else {
                return .notRepaired(reason: "“\(s.text)” became “\(q.text)”, a value of another kind")
            }
            // The currency is a word in the Chinese (美元, 欧元): not something a figure repair may change.
            guard q.currency == s.currency else { return .notRepaired(reason: "the currency changed (“\(s.text)” to “\(q.text)”)") }
            guard q.value != s.value else { continue }
            guard sourceValues.filter({ $0.sameValue(as: s) }).count == 1 else {
                return .notRepaired(reason: "“\(s.text)” occurs more than once in the stored English")
            }
            let places = chineseValues.filter { $0.sameValue(as: s) }
            guard places.count == 1, let place = places.first else {
                if places.count > 1 { return .notRepaired(reason: "“\(s.text)” occurs more than once in the stored Chinese") }
                let inWords = target.unicodeScalars.contains { "〇零一二三四五六七八九十百千万亿两萬億兩".unicodeScalars.contains($0) }
                return .notRepaired(reason: inWords ? "“\(s.text)” is not written in figures in the stored Chinese"
                                                    : "“\(s.text)” is not found in the stored Chinese")
            }
            guard let written = ChineseValueWriter.write(q, like: place) else {
                return .notRepaired(reason: "“\(q.text)” cannot be written like “\(place.text)”")
            }
            let kind: Repair.Kind = q.kind == .percent ? .percent : (q.kind == .number ? (q.currency != nil ? .money : .number) : .date)
            replacements.append((place.range, written, Repair(kind: kind, from: place.text, to: written, sourceFrom: s.text, sourceTo: q.text)))
        }
        var sharedRenderings: [String] = []
        for (q, s) in zip(queryTerms, sourceTerms) where !sameTerm(q, s) {
            switch termReplacement(query: q, source: s, target: target) {
            case .failure(let reason): return .notRepaired(reason: reason.message)
            case .success(let (_, text, from)) where text == from:
                // Both terms render the same: the stored Chinese already says it.
                sharedRenderings.append("“\(source[s.range])” and “\(query[q.range])” share one rendering, \(text)")
            case .success(let (range, text, from)):
                replacements.append((range, text, Repair(kind: .term, from: from, to: text,
                                                         sourceFrom: String(source[s.range]), sourceTo: String(query[q.range]))))
            }
        }
        replacements.sort { $0.range.lowerBound < $1.range.lowerBound }
        for (a, b) in zip(replacements, replacements.dropFirst()) where a.range.overlaps(b.range) {
            return .notRepaired(reason: "“\(a.repair.from)” and “\(b.repair.from)” overlap in the stored Chinese")
        }
        var text = "", marked: [Range<Int>] = []
        var cursor = target.startIndex
        for r in replacements {
            text += target[cursor..<r.range.lowerBound]
            let start = text.utf8.count
            text += r.text
            marked.append(start..<text.utf8.count)
            cursor = r.range.upperBound
        }
        text += target[cursor...]
        let note = sharedRenderings.isEmpty ? nil : sharedRenderings.joined(separator: "; ")
        guard !replacements.isEmpty else {
            return .notRepaired(reason: (note ?? "nothing differs") + ": the stored Chinese needs no change")
        }
        return .repaired(RepairedTarget(text: text, repairs: replacements.map(\.repair), marked: marked, note: note))
    }

    // MARK: Terms

    private struct Refusal: Error { var message: String }

    /// English glossary terms, grouped by where they were found.
    private func terms(in text: String) -> [TermSpan] {
        guard let recognizer else { return [] }
        var spans: [TermSpan] = []
        for hit in recognizer.find(in: text) where hit.lang == "en" {
            let range = Self.range(hit.start..<hit.end, in: text)
            if let k = spans.firstIndex(where: { $0.range == range }) { spans[k].hits.append(hit) }
            else { spans.append(TermSpan(range: range, hits: [hit])) }
        }
        return spans
    }

    /// UTF-8 offsets (as the recognizer gives them) as a range of the string.
    private static func range(_ bytes: Range<Int>, in text: String) -> Range<String.Index> {
        let utf8 = text.utf8
        return utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: bytes.upperBound)
    }

    private func sameTerm(_ a: TermSpan, _ b: TermSpan) -> Bool {
        Set(a.hits.map { $0.en.lowercased() }) == Set(b.hits.map { $0.en.lowercased() })
    }

    private func termReplacement(query: TermSpan, source: TermSpan, target: String) -> Result<(Range<String.Index>, String, String), Refusal> {
        let old = Set(source.hits.filter { $0.status != .forbidden }.map { $0.en.lowercased() })
        let term = source.hits[0].en, newTerm = query.hits[0].en
        guard let preferred = query.hits.first(where: { $0.status == .preferred }) ?? query.hits.first(where: { $0.status == .admitted }) else {
            return .failure(Refusal(message: "“\(newTerm)” has no approved rendering in the glossary"))
        }
        let found = (recognizer?.find(in: target) ?? []).filter { $0.lang == "zh" && $0.status != .forbidden && old.contains($0.en.lowercased()) }
        let places = Set(found.map { $0.start..<$0.end })
        guard places.count == 1, let place = places.first else {
            return .failure(Refusal(message: places.isEmpty ? "the stored Chinese does not hold an approved rendering of “\(term)”"
                                                         : "the stored Chinese renders “\(term)” more than once"))
        }
        let range = Self.range(place, in: target)
        // A Traditional translation gets the rendering in Traditional characters.
        let traditional = MatchNormalizer.simplified(target) != target
        let rendering = traditional ? MatchNormalizer.traditional(preferred.zh) : preferred.zh
        return .success((range, rendering, String(target[range])))
    }

    /// The text with values and terms replaced by markers, as matching sees it (case, width and script folded).
    private func skeleton(_ text: String, values: [ValueMention], terms: [TermSpan]) -> [String] {
        let spans = (values.map { ($0.range, "0") } + terms.map { ($0.range, "tmkitterm") }).sorted { $0.0.lowerBound < $1.0.lowerBound }
        var out = "", cursor = text.startIndex
        for (range, marker) in spans where range.lowerBound >= cursor {
            out += text[cursor..<range.lowerBound] + " \(marker) "
            cursor = range.upperBound
        }
        out += text[cursor...]
        let plain = out.replacingOccurrences(of: "⟦/?\\d+⟧", with: "", options: .regularExpression)
        return Tokenizer.tokens(MatchNormalizer.normalize(plain)).map(\.text)
    }
}
