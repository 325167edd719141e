import Foundation
import TMFormats
import TMKit
import TMAlign

/// The aligner from the lexicon sources given on the command line.
enum AlignerSetup {
    static func make(lexicon: String?, pairs: String?) throws -> SentenceAligner {
        var list: [(en: String, zh: String)] = []
        if let pairs {
            let collector = PairCollector()
            try UnitFormat.tsv.read(path: pairs, into: collector)
            list = collector.pairs.map { (en: $0.0, zh: $0.1) }
        }
        return try AlignerLexicon.make(memory: nil, glossary: [], dictionary: lexicon, pairsFile: list)
    }
}
