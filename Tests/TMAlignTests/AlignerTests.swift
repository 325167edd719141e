import Testing
import TMText
@testable import TMAlign

private func sentences(_ markdown: String) throws -> [String] {
    let segmenter = try Segmenter()
    return try ArticleReader.blocks(text: markdown, format: .md).flatMap { segmenter.segments(of: $0).map(\.text) }
}

private let englishArticle = """
# Chip Makers Race to Build Factories

By Staff Reporter

Nvidia said on Monday that it would spend $2 billion on a new plant in Arizona. The plant will open in 2027.

Analysts were surprised by the size of the deal. They had expected a much smaller investment.

The company did not say how many workers it would hire at the plant.

Shares of Nvidia rose 4% after the announcement, and the company's market value passed $3 trillion for the first time.

## What comes next

Regulators in Washington are reviewing the subsidies.
"""

private let chineseArticle = """
# 芯片制造商竞相建厂

本报记者

英伟达周一表示，将斥资20亿美元在亚利桑那州新建一座工厂，该工厂将于2027年投产。

分析师对这笔交易的规模感到意外，他们原本预计投资会小得多。

该公司没有透露这座工厂将雇用多少工人。

消息公布后，英伟达股价上涨4%。该公司市值首次突破3万亿美元。

## 下一步

华盛顿的监管机构正在审查这些补贴。
"""

private func newsLexicon() -> BilingualLexicon {
    var lexicon = BilingualLexicon()
    for (zh, en) in [("英伟达", "Nvidia"), ("工厂", "plant factory"), ("分析师", "analyst"), ("投资", "investment"),
                     ("工人", "worker"), ("股价", "share price"), ("市值", "market value"), ("公司", "company"),
                     ("芯片", "chip"), ("监管机构", "regulator"), ("补贴", "subsidy"), ("华盛顿", "Washington"),
                     ("交易", "deal"), ("规模", "size scale"), ("记者", "reporter"), ("下一步", "next")] {
        lexicon.add(zh: zh, en: en)
    }
    return lexicon
}

@Suite("Aligner")
struct AlignerTests {
    @Test func newsArticleWithHeadingsAndOneToTwoLinks() throws {
        let en = try sentences(englishArticle), zh = try sentences(chineseArticle)
        #expect(en.count == 10)
        #expect(zh.count == 9)
        let links = SentenceAligner(lexicon: newsLexicon()).align(en: en, zh: zh)
        #expect(links.map { "\($0.en)-\($0.zh)" } == [
            "[0]-[0]", "[1]-[1]", "[2, 3]-[2]", "[4, 5]-[3]", "[6]-[4]", "[7]-[5, 6]", "[8]-[7]", "[9]-[8]",
        ])
        #expect(links.allSatisfy { $0.confidence > 0 && $0.confidence <= 1 })
    }

    @Test func oneSideEmptyLeavesEverySentenceUnlinked() {
        let links = SentenceAligner().align(en: ["One.", "Two."], zh: [])
        #expect(links.map(\.zh) == [[], []])
    }

    @Test func unmatchedSentenceBecomesAOneToZeroLink() {
        var lexicon = BilingualLexicon()
        lexicon.add(zh: "预算", en: "budget")
        lexicon.add(zh: "会议", en: "meeting")
        lexicon.add(zh: "投票", en: "vote")
        lexicon.add(zh: "结果", en: "result")
        for (zh, en) in [("推迟", "postpone"), ("暴风雨", "storm"), ("下周", "next week"), ("周五", "Friday"), ("公布", "announce"),
                         ("明年", "next year"), ("详细", "detail"), ("讨论", "discuss")] {
            lexicon.add(zh: zh, en: en)
        }
        let en = ["The meeting discussed the budget for next year in great detail.", "Editor's note: an earlier version of this story misstated the name of the city where the committee held its autumn session.",
                  "The vote was postponed until next week because of the storm.", "The result will be announced on Friday."]
        let zh = ["会议详细讨论了明年的预算。", "由于暴风雨，投票推迟到下周。", "结果将于周五公布。"]
        let links = SentenceAligner(lexicon: lexicon).align(en: en, zh: zh)
        #expect(links.map { "\($0.en)-\($0.zh)" } == ["[0]-[0]", "[1]-[]", "[2]-[1]", "[3]-[2]"])
    }

    @Test func lengthModelIsFittedOnPairs() {
        let pairs = (0..<50).map { k in (en: String(repeating: "word ", count: 3 + k % 5), zh: String(repeating: "字", count: 5 + k % 5)) }
        let model = LengthModel.fit(pairs)
        #expect(model.ratio > 1.5 && model.ratio < 4)
        #expect(model.variance >= 1)
    }

    @Test func lexiconFromDictionaryLines() throws {
        let path = NSTemporaryDirectory() + "cedict-sample-\(UInt32.random(in: 0...UInt32.max)).txt"
        try "# comment\n中國 中国 [Zhong1 guo2] /China/\n投資 投资 [tou2 zi1] /investment/to invest/CL:筆|笔[bi3]/\n".write(toFile: path, atomically: true, encoding: .utf8)
        var lexicon = BilingualLexicon()
        try lexicon.addCEDICT(path: path)
        #expect(lexicon.english(for: "中国") == ["china"])
        #expect(lexicon.english(for: "投资")?.contains("investment") == true)
        #expect(lexicon.english(for: "投资")?.contains("invest") == true)
    }

    @Test func learnedLexiconPairsFrequentPartners() {
        var pairs: [(en: String, zh: String)] = []
        for k in 0..<20 { pairs.append((en: "The budget rose \(k).", zh: "预算增加了\(k)。")) }
        for k in 0..<20 { pairs.append((en: "The meeting ended \(k).", zh: "会议结束了\(k)。")) }
        var lexicon = BilingualLexicon()
        lexicon.learn(from: pairs)
        #expect(lexicon.english(for: "预算")?.contains("budget") == true)
        #expect(lexicon.english(for: "会议")?.contains("meeting") == true)
    }
}

@Suite("Alignment score")
struct AlignmentScoreTests {
    @Test func strictAndLax() {
        var score = AlignmentScore()
        score.add(gold: [([0], [0]), ([1], [1, 2]), ([2], [])], test: [([0], [0]), ([1], [1]), ([], [2]), ([2], [])])
        // Precision over every test link with a side.
        #expect(score.strict.p == 0.5)   // [0]-[0] and [2]-[] are gold links
        #expect(score.lax.p == 0.75)     // [1]-[1] overlaps [1]-[1,2]
        // Recall over gold links with both sides: [0]-[0] found strictly; [1]-[1,2] laxly.
        #expect(score.strict.r == 0.5)
        #expect(score.lax.r == 1.0)
        #expect(abs(score.strict.f1 - 0.5) < 1e-9)
    }
}

import Foundation
