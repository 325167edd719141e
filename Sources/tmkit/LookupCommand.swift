import ArgumentParser
import Foundation
import TMKit
import TMMemory
import TMText

enum LanguageChoice: String, ExpressibleByArgument, CaseIterable {
    case en, zh, auto
    func resolve(for text: String) -> Language { self == .auto ? Language.detect(text) : Language(rawValue: rawValue)! }
}

struct LookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Find exact and fuzzy matches for a sentence.",
        discussion: """
            Each match names its unit (`unit N`: the id that edit, delete and history take). `differs` and `repaired` \
            read from the stored unit to what you asked: "numbers 12%→15%" means the memory has 12% where your sentence has 15%.
            """
    )

    @OptionGroup var memory: MemoryOptions

    @Option(name: .long, help: GlossaryOptions.folderHelp)
    var glossary: String?
    @OptionGroup(title: "Filter") var only: FilterOptions

    @Argument(help: "The sentence to look up (English or Chinese).")
    var text: String

    @Option(help: "Lowest score shown (0–100).")
    var min: Int = 70

    @Option(help: "Most matches shown.")
    var limit: Int = 5

    @Option(help: "Language of the query: en, zh or auto.")
    var lang: LanguageChoice = .auto

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @Flag(help: "When no match reaches --min, show the memory's longest phrases of the sentence and their translations (JSON: {matches, fragments}).")
    var fragments = false

    func validate() throws {
        guard (0...100).contains(min) else { throw ValidationError("--min must be a score from 0 to 100, not \(min)") }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore()
            let language = lang.resolve(for: text)
            let recognizer = try memory.glossary(store, folder: glossary).recognizer()
            let finder = MatchFinder(memory: store, recognizer: recognizer)
            let matches = try finder.lookup(text, language: language, minScore: min, limit: limit, filter: try only.filter())
            let phrases = fragments && matches.isEmpty ? try finder.fragments(text, language: language) : []
            switch format {
            case .json:
                print(fragments ? try JSONOutput.string(LookupJSON(matches: matches, fragments: phrases))
                                : try JSONOutput.string(matches.map(MatchJSON.init)))
            case .table:
                if matches.isEmpty {
                    print("no match at \(min) or above")
                    if fragments { print(phrases.isEmpty ? "no phrase of it is in the memory" : "phrases in the memory:") }
                    for f in phrases {
                        print("  \(f.text)  →  \(f.translation ?? "?")   (\(f.glossaryTerm != nil ? "glossary term; " : "")\(f.holders))")
                    }
                    return
                }
                for m in matches {
                    print("\(m.score)  \(m.source)" + (m.penalty > 0 ? "  (penalty \(m.penalty): \(m.penaltyReason ?? ""))" : ""))
                    if let repaired = m.repaired {
                        print("     \(repaired.text)   [repaired \(m.score)%, fuzzy \(m.fuzzyScore ?? m.score)%]")
                        print("     stored: \(m.target)")
                        if !repaired.repairs.isEmpty {
                            print("     repaired: " + repaired.repairs.map { "\($0.kind.rawValue) \($0.from)→\($0.to) (\($0.sourceFrom)→\($0.sourceTo))" }.joined(separator: "; "))
                        }
                    } else {
                        print("     \(m.target)")
                    }
                    if let note = m.repairNote { print("     not repaired: \(note)") }
                    if !m.differences.isEmpty {
                        print("     differs: " + m.differences.map { d in "\(d.kind.rawValue) \(d.match.isEmpty ? "∅" : d.match)→\(d.query.isEmpty ? "∅" : d.query)" }.joined(separator: "; "))
                    }
                    print("     \(UnitLabel.describe(m.unit))")
                }
            }
        }
    }
}
