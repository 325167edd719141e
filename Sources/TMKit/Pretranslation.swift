import Foundation
import TMGlossary
import TMMemory
import TMText

/// A Chinese draft of a new English article from the memory: exact matches
/// filled, fuzzy matches at or above the threshold filled and marked with
/// their score (repaired ones with their values or terms already replaced),
/// the rest left in English and marked.
public struct Pretranslation {
    public let memory: any TranslationMemoryStore
    public var minimumScore: Int
    private let finder: MatchFinder

    public init(memory: any TranslationMemoryStore, recognizer: TermRecognizer? = nil, minimumScore: Int = 75) {
        self.memory = memory
        self.minimumScore = minimumScore
        finder = MatchFinder(memory: memory, recognizer: recognizer)
    }

    public struct Sentence: Sendable {
        public var source: String
        /// The memory's translation, when one was good enough.
        public var target: String?
        public var score: Int?
        /// What was replaced when the match was repaired for this sentence's values or terms.
        public var repairs: [Repair]?
        /// For a sentence left unfilled: the memory's phrases of it.
        public var fragments: [Fragment] = []
    }

    public struct Block: Sendable {
        public var kind: BlockKind
        public var sentences: [Sentence]
    }

    public func draft(file: String) throws -> [Block] {
        var reader = try ArticleReader.open(path: file)
        let segmenter = try Segmenter()
        var blocks: [Block] = []
        while let block = try reader.nextBlock() {
            var sentences: [Sentence] = []
            for segment in segmenter.segments(of: block) {
                let best = try finder.lookup(segment.text, language: .en, minScore: minimumScore, limit: 1).first
                sentences.append(Sentence(source: segment.text, target: best?.repaired?.text ?? best?.target, score: best?.score,
                                          repairs: best?.repaired?.repairs,
                                          fragments: best == nil ? try finder.fragments(segment.text, language: .en) : []))
            }
            blocks.append(Block(kind: block.kind, sentences: sentences))
        }
        return blocks
    }
}
