import Foundation
import TMGlossary
import TMMemory
import TMText

/// A pre-translated sentence as the draft writers see it.
public struct DraftSentence: Sendable {
    public var source: String
    public var target: String?
    public var score: Int?
    /// Set when the target is a repaired match: what was replaced.
    public var repairs: [Repair]?
    /// For a sentence left in English: the memory's phrases of it.
    public var fragments: [Fragment]
    public init(source: String, target: String?, score: Int?, repairs: [Repair]? = nil, fragments: [Fragment] = []) {
        self.source = source
        self.target = target
        self.score = score
        self.repairs = repairs
        self.fragments = fragments
    }

    /// "would keep rates unchanged → 将维持利率不变 (2 units); …"
    var fragmentNote: String? {
        guard !fragments.isEmpty else { return nil }
        return "memory phrases: " + fragments.map { f in
            "\(f.text) → \(f.translation ?? "?") (\(f.glossaryTerm != nil ? "glossary" : f.holders))"
        }.joined(separator: "; ")
    }
}

/// A Chinese draft in Markdown: the article's blocks kept (headings, list
/// items, quotes); exact matches as they are, fuzzy ones marked `[87%]`,
/// repaired ones `[repaired 99%]`,
/// sentences without a match left in English and marked `[EN]`.
public enum DraftMarkdown {
    public static func write(_ blocks: [(kind: BlockKind, sentences: [DraftSentence])]) -> String {
        ArticleWriter.markdown(blocks.map { block in
            (block.kind, block.sentences.map { s -> String in
                guard let target = s.target, let score = s.score else {
                    // The phrases go in a comment: a note for the translator, not text of the article.
                    let note = s.fragmentNote.map { " <!-- " + $0.replacingOccurrences(of: "--", with: "- -") + " -->" } ?? ""
                    return "[EN] " + s.source + note + " "
                }
                if s.repairs != nil { return "[repaired \(score)%] " + target }
                return score == 100 ? target : "[\(score)%] " + target
            }.joined())
        })
    }
}

/// XLIFF 2.1 for CAT tools: one unit per sentence. Exact matches are
/// `translated`; fuzzy pre-translations stay `initial` with the subState
/// `tmkit:needs-review` and a note giving the score; sentences without a
/// match have no target.
public enum DraftXLIFF {
    public static func write(_ sentences: [DraftSentence], original: String) -> String {
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="zh-CN">
          <file id="f1" original="\(Markup.escape(original))">

        """
        for (k, s) in sentences.enumerated() {
            out += "    <unit id=\"u\(k + 1)\">\n"
            if let score = s.score, score < 100 {
                var note = "fuzzy match \(score)%"
                if let repairs = s.repairs {
                    note = "repaired match \(score)%" + repairs.map { "; \($0.kind.rawValue) \($0.sourceFrom) → \($0.sourceTo): \($0.from) → \($0.to)" }.joined()
                }
                out += "      <notes><note category=\"tmkit\">\(Markup.escape(note))</note></notes>\n"
            } else if s.target == nil, let note = s.fragmentNote {
                out += "      <notes><note category=\"tmkit\">\(Markup.escape(note))</note></notes>\n"
            }
            let state: String
            switch s.score {
            case 100?: state = " state=\"translated\""
            case _? : state = " state=\"initial\" subState=\"tmkit:needs-review\""
            case nil: state = " state=\"initial\""
            }
            out += "      <segment\(state)>\n        <source>\(Markup.escape(s.source))</source>\n"
            if let target = s.target { out += "        <target>\(Markup.escape(target))</target>\n" }
            out += "      </segment>\n    </unit>\n"
        }
        out += "  </file>\n</xliff>\n"
        return out
    }
}
