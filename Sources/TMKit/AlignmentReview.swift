import Crypto
import Foundation
import TMAlign
import TMMemory
import TMText

/// An article pair aligned for a person to check before anything is stored:
/// both sides' sentences and the proposed links. The reviewer's edited links
/// come back as index lists; `commit` checks them and stores the pairs in one
/// transaction (origin `aligned`, marked reviewed, with who reviewed them).
public struct ReviewDraft: Codable, Sendable {
    public var id: String
    public var enName: String
    public var zhName: String
    public var en: [String]
    public var zh: [String]
    public var links: [ReviewLink]
    /// Which scorer proposed the links.
    public var scorer: String
}

public struct ReviewLink: Codable, Sendable, Equatable {
    public var id: Int
    public var en: [Int]
    public var zh: [Int]
    /// The aligner's confidence (0–1); absent for links the reviewer made.
    public var confidence: Double?

    public init(id: Int, en: [Int], zh: [Int], confidence: Double? = nil) {
        self.id = id
        self.en = en
        self.zh = zh
        self.confidence = confidence
    }
}

/// Why reviewed links cannot be stored.
public struct ReviewError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

public enum AlignmentReview {
    /// Segments and aligns two articles given as text (Markdown, plain text or HTML, told apart by their look).
    public static func draft(en enText: String, zh zhText: String, enName: String = "English", zhName: String = "Chinese",
                             aligner: DocumentAligner) throws -> ReviewDraft {
        let en = try sentences(enText, name: enName), zh = try sentences(zhText, name: zhName)
        try ArticleImport.checkPair(en: en, zh: zh, enPath: enName, zhPath: zhName)
        return draft(en: en, zh: zh, links: try aligner.align(en: en, zh: zh), enName: enName, zhName: zhName, scorer: aligner.publicScorerDescription)
    }

    /// A draft of sentences already aligned.
    public static func draft(en: [String], zh: [String], links: [AlignmentLink], enName: String, zhName: String, scorer: String) -> ReviewDraft {
        ReviewDraft(id: UUID().uuidString.lowercased(), enName: enName, zhName: zhName, en: en, zh: zh,
                    links: links.enumerated().map { ReviewLink(id: $0.offset, en: $0.element.en, zh: $0.element.zh,
                                                                confidence: ($0.element.confidence * 1000).rounded() / 1000) },
                    scorer: scorer)
    }

    static func sentences(_ text: String, name: String) throws -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let format: ArticleFormat = trimmed.hasPrefix("<") ? .html : .md
        let segmenter = try Segmenter()
        return try ArticleReader.blocks(text: text, format: format).flatMap { segmenter.segments(of: $0).map(\.text) }
    }

    /// The links a reviewer sent back, checked against the draft: every
    /// sentence of both sides in exactly one link, links in reading order.
    public static func check(_ links: [ReviewLink], against draft: ReviewDraft) throws {
        var nextEn = 0, nextZh = 0
        for (k, link) in links.enumerated() {
            if link.en.isEmpty && link.zh.isEmpty { throw ReviewError(message: "link \(k + 1) has no sentence on either side") }
            for (side, indices, count) in [("English", link.en, draft.en.count), ("Chinese", link.zh, draft.zh.count)] {
                var expected = side == "English" ? nextEn : nextZh
                for i in indices {
                    guard i >= 0 && i < count else { throw ReviewError(message: "link \(k + 1): there is no \(side) sentence \(i)") }
                    guard i == expected else {
                        throw ReviewError(message: "link \(k + 1): \(side) sentence \(i) is out of order (expected \(expected)); every sentence must appear once, in order")
                    }
                    expected += 1
                }
                if side == "English" { nextEn = expected } else { nextZh = expected }
            }
        }
        guard nextEn == draft.en.count, nextZh == draft.zh.count else {
            throw ReviewError(message: "the links leave out sentences (English \(nextEn) of \(draft.en.count), Chinese \(nextZh) of \(draft.zh.count)); mark untranslated sentences as links with one side")
        }
    }

    /// Stores the reviewed links with both sides, in one transaction. Links
    /// with one side are the sentences marked untranslated: not stored.
    public static func commit(_ draft: ReviewDraft, links: [ReviewLink], reviewer: String,
                              into store: any TranslationMemoryStore) throws -> ImportSummary {
        try check(links, against: draft)
        let proposed = Dictionary(draft.links.map { (Key(en: $0.en, zh: $0.zh), $0.confidence) }, uniquingKeysWith: { a, _ in a })
        let content = try JSONEncoder().encode([draft.en, draft.zh]) + JSONEncoder().encode(links.map { [$0.en, $0.zh] })
        let digest = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
        let name = "\(draft.enName) + \(draft.zhName) (reviewed)"
        return try store.importUnits(from: ImportSource(fileName: name, format: "review", sha256: digest,
                                                        documentName: (draft.enName as NSString).deletingPathExtension, user: reviewer)) { sink in
            for (k, link) in links.enumerated() {
                guard !link.en.isEmpty, !link.zh.isEmpty else {
                    sink.skip(reason: "marked untranslated")
                    continue
                }
                var provenance = ["reviewed by": reviewer, "reviewed": "yes",
                                  "en sentences": link.en.map(String.init).joined(separator: ","),
                                  "zh sentences": link.zh.map(String.init).joined(separator: ",")]
                let aligned = proposed[Key(en: link.en, zh: link.zh)] ?? nil
                if let aligned { provenance["aligner confidence"] = String(format: "%.3f", aligned) }
                // A person confirmed the link: it is as sure as a link gets.
                try sink.add(TranslationUnit(en: link.en.map { draft.en[$0] }.joined(separator: " "), zh: link.zh.map { draft.zh[$0] }.joined(),
                                             origin: .aligned, position: k, confidence: 1, user: reviewer, provenance: provenance))
            }
        }
    }

    private struct Key: Hashable { var en: [Int]; var zh: [Int] }
}
