import Foundation
import TMAlign
import TMFormats
import TMStore

/// Builds an aligner from the lexicon sources given on the command line.
enum AlignerSetup {
    static func make(lexicon: String?, pairs: String?) throws -> SentenceAligner {
        var lex = BilingualLexicon()
        var length = LengthModel.standard
        if let pairs {
            let collector = PairCollector()
            try UnitFormat.tsv.read(path: pairs, into: collector)
            let list = collector.pairs.map { (en: $0.0, zh: $0.1) }
            lex.learn(from: list)
            length = LengthModel.fit(list)
        }
        if let lexicon { try lex.addCEDICT(path: lexicon) }
        return SentenceAligner(lexicon: lex, length: length)
    }
}
