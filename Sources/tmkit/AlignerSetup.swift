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
}
