import TMText

/// A problem found in one English–Chinese pair.
public struct TermProblem: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// An English term appears, but none of its approved Chinese renderings does.
        case missingRendering = "missing-rendering"
        /// A forbidden Chinese rendering is used.
        case forbiddenRendering = "forbidden-rendering"
        /// A number, percentage or date differs between the sides.
        case numberMismatch = "number-mismatch"
    }

    public var kind: Kind
    /// Index of the pair in the checked sequence.
    public var pair: Int
    public var en: String
    public var zh: String
    public var message: String
}

/// Term QA on aligned pairs: approved renderings present, forbidden ones
/// absent, and numbers that agree once English and Chinese writing
/// conventions are normalized ("$5 billion" = "50亿美元").
public struct TermCheck: Sendable {
    public let recognizer: TermRecognizer

    public init(recognizer: TermRecognizer) { self.recognizer = recognizer }

    public func check(en: String, zh: String, pair: Int = 0) -> [TermProblem] {
        var problems: [TermProblem] = []
        let target = MatchNormalizer.normalize(zh)
        // Every rendering of each English term found, grouped by where it was found.
        var renderings: [Range<Int>: (term: String, approved: [String])] = [:]
        var order: [Range<Int>] = []
        for hit in recognizer.find(in: en) where hit.lang == "en" {
            let range = hit.start..<hit.end
            if renderings[range] == nil { renderings[range] = (hit.en, []); order.append(range) }
            if hit.status != .forbidden { renderings[range]!.approved.append(hit.zh) }
        }
        var reported = Set<String>()
        for range in order {
            let (term, approved) = renderings[range]!
            guard !approved.isEmpty, !reported.contains(term) else { continue }
            if !approved.contains(where: { target.contains(MatchNormalizer.normalize($0)) }) {
                reported.insert(term)
                problems.append(TermProblem(kind: .missingRendering, pair: pair, en: en, zh: zh,
                                            message: "“\(term)” should be rendered as \(approved.map { "“\($0)”" }.joined(separator: " or "))"))
            }
        }
        for hit in recognizer.find(in: zh) where hit.lang == "zh" && hit.status == .forbidden {
            problems.append(TermProblem(kind: .forbiddenRendering, pair: pair, en: en, zh: zh,
                                        message: "“\(hit.text)” is a forbidden rendering of “\(hit.en)”"))
        }
        let enNumbers = Quantities.english(en), zhNumbers = Quantities.chinese(zh)
        // A month named in English is often left out of the Chinese; not a mistake.
        for q in Quantities.unmatched(enNumbers, in: zhNumbers) where q.kind != .month {
            problems.append(TermProblem(kind: .numberMismatch, pair: pair, en: en, zh: zh,
                                        message: "“\(q.text)” has no matching number in the Chinese"))
        }
        for q in Quantities.unmatched(zhNumbers, in: enNumbers) {
            problems.append(TermProblem(kind: .numberMismatch, pair: pair, en: en, zh: zh,
                                        message: "“\(q.text)” has no matching number in the English"))
        }
        return problems
    }
}
