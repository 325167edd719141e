import Foundation
import TMFormats
import TMKit
import TMAlign

/// The aligner from the lexicon sources given on the command line.
enum AlignerSetup {
    static func make(lexicon: String?, pairs: String?) throws -> SentenceAligner {
        var list: [(en: String, zh: String)] = []
        if let pairs {
            let collector = UnitCollector()
            try UnitFormat.tsv.read(path: pairs, into: collector)
            list = collector.units.map { (en: $0.en, zh: $0.zh) }
        }
        return try AlignerLexicon.make(memory: nil, glossary: [], dictionary: lexicon, pairsFile: list)
    }

    /// The importer of article pairs into the memory the options name, with
    /// an aligner that learns from that memory and its glossary.
    static func articleImporter(_ options: GlossaryOptions, lexicon: String?, embedding: EmbeddingOptions, minConfidence: Double) throws -> ArticleImport {
        let memory = try options.memory.openStore(forWriting: true)
        let glossary = try options.memory.glossary(memory, folder: options.glossary).entries()
        let aligner = try embedding.aligner(try AlignerLexicon.make(memory: memory, glossary: glossary, dictionary: lexicon))
        var importer = ArticleImport(store: memory, aligner: aligner)
        importer.user = options.memory.userName
        importer.minimumConfidence = minConfidence
        return importer
    }

    /// Which scorer, lexicon and length model an alignment used, for stderr.
    static func report(_ aligner: DocumentAligner) {
        let lines = ["scorer: " + aligner.scorerDescription, "lexicon: " + aligner.lexiconDescription, "length model: " + aligner.lengthDescription]
        FileHandle.standardError.write(Data(lines.map { "tmkit: " + $0 + "\n" }.joined().utf8))
    }
}
