import Foundation
import TMAlign
import TMFormats
import TMGlossary
import TMMemory

/// Term QA on translated text: an English article and its Chinese
/// translation (aligned first, with the memory and glossary as lexicon), or a
/// file of pairs aligned already.
public struct TermQA {
    public let memory: any TranslationMemoryStore
    public let glossary: [GlossaryEntry]

    public init(memory: any TranslationMemoryStore, glossary: [GlossaryEntry]) {
        self.memory = memory
        self.glossary = glossary
    }

    /// What a check found.
    public struct Report: Sendable {
        public var pairsChecked: Int
        public var problems: [TermProblem]
    }

    /// Aligns the two articles, then checks every link that has both sides.
    public func checkArticles(en enPath: String, zh zhPath: String) throws -> Report {
        let en = try ArticleImport.sentences(enPath), zh = try ArticleImport.sentences(zhPath)
        try ArticleImport.checkPair(en: en, zh: zh, enPath: enPath, zhPath: zhPath)
        let aligner = try AlignerLexicon.make(memory: memory, glossary: glossary, dictionary: "none")
        let pairs = aligner.align(en: en, zh: zh).filter { !$0.en.isEmpty && !$0.zh.isEmpty }.map { link in
            TranslationUnit(en: link.en.map { en[$0] }.joined(separator: " "), zh: link.zh.map { zh[$0] }.joined(), origin: .aligned)
        }
        return check(pairs)
    }

    /// Checks the pairs of a TSV or CSV file (by its extension).
    public func checkPairs(file path: String) throws -> Report {
        let collector = UnitCollector()
        try (path.lowercased().hasSuffix(".csv") ? UnitFormat.csv : .tsv).read(path: path, into: collector)
        return check(collector.units)
    }

    private func check(_ pairs: [TranslationUnit]) -> Report {
        let check = TermCheck(recognizer: TermRecognizer(entries: glossary))
        var problems: [TermProblem] = []
        for (k, pair) in pairs.enumerated() { problems += check.check(en: pair.en, zh: pair.zh, pair: k + 1) }
        return Report(pairsChecked: pairs.count, problems: problems)
    }
}

/// Collects the units a reader hands over (for files small enough to hold).
public final class UnitCollector: UnitSink {
    public private(set) var units: [TranslationUnit] = []
    public init() {}
    public func add(_ unit: TranslationUnit) throws { units.append(unit) }
    public func skip(reason: String) {}
}
