import Testing
import TMGlossary

@Suite("Glossary: repairing a match's values and terms")
struct RepairTests {
    let repairer = MatchRepairer(recognizer: TermRecognizer(entries: [
        GlossaryEntry(en: "Google", zh: "谷歌"),
        GlossaryEntry(en: "Microsoft", zh: "微软"),
        GlossaryEntry(en: "Apple", zh: "苹果公司"),
        GlossaryEntry(en: "Apple", zh: "蘋果", status: .admitted),
    ]))

    private func repaired(_ query: String, _ source: String, _ target: String) -> String? {
        repairer.repair(query: query, source: source, target: target).repaired?.text
    }

    @Test(arguments: [
        // Money across the 万/亿 boundary, and within one unit.
        ("Amazon will invest an additional $1.3 billion.", "Amazon will invest an additional $900 million.", "亚马逊将追加投资9亿美元。", "亚马逊将追加投资13亿美元。"),
        ("Amazon will invest an additional $8 billion.", "Amazon will invest an additional $5 billion.", "亚马逊将追加投资50亿美元。", "亚马逊将追加投资80亿美元。"),
        ("The fund lost $25.4 billion last year.", "The fund lost $18 billion last year.", "该基金去年亏损180亿美元。", "该基金去年亏损254亿美元。"),
        ("The city spent $40 million on it.", "The city spent $1.5 billion on it.", "该市为此花费15亿美元。", "该市为此花费4000万美元。"),
        ("Sales reached 1.5 million units.", "Sales reached 1.2 million units.", "销量达到120万台。", "销量达到150万台。"),
        // Plain numbers: the stored separator kept or dropped.
        ("About 3,400 workers went on strike.", "About 2,500 workers went on strike.", "约2500名工人罢工。", "约3400名工人罢工。"),
        ("About 3,400 workers went on strike.", "About 2,500 workers went on strike.", "约2,500名工人罢工。", "约3,400名工人罢工。"),
        ("The index rose 4.5% on Monday.", "The index rose 3.2% on Monday.", "该指数周一上涨3.2%。", "该指数周一上涨4.5%。"),
        ("The index rose 4.5 percent on Monday.", "The index rose 3.2 percent on Monday.", "该指数周一上涨３.２％。", "该指数周一上涨４．５％。"),
        // Dates and years.
        ("The talks resume on May 3, 2027.", "The talks resume on April 21, 2026.", "谈判将于2026年4月21日恢复。", "谈判将于2027年5月3日恢复。"),
        ("The talks resume on 9 June.", "The talks resume on 21 April.", "谈判将于4月21日恢复。", "谈判将于6月9日恢复。"),
        ("The plant opens at the end of June.", "The plant opens at the end of March.", "工厂将于3月底投产。", "工厂将于6月底投产。"),
        ("Elections are due in 2028.", "Elections are due in 2024.", "选举将于2024年举行。", "选举将于2028年举行。"),
        // Two values in one sentence.
        ("Profit rose 12% to $3.1 billion.", "Profit rose 8% to $2.6 billion.", "利润增长8%，达到26亿美元。", "利润增长12%，达到31亿美元。"),
        // Traditional script: 億 stays 億.
        ("Taipei will spend $1.3 billion on the line.", "Taipei will spend $900 million on the line.", "台北將斥資9億美元興建該線。", "台北將斥資13億美元興建該線。"),
        // Inline placeholders stay where they were.
        ("Shares fell ⟦1⟧7%⟦/1⟧ in Tokyo.", "Shares fell ⟦1⟧5%⟦/1⟧ in Tokyo.", "东京股价下跌⟦1⟧5%⟦/1⟧。", "东京股价下跌⟦1⟧7%⟦/1⟧。"),
        // A glossary term for another.
        ("Microsoft will open an office in Nairobi.", "Google will open an office in Nairobi.", "谷歌将在内罗毕开设办事处。", "微软将在内罗毕开设办事处。"),
    ])
    func repairs(_ c: (String, String, String, String)) {
        #expect(repaired(c.0, c.1, c.2) == c.3)
    }

    @Test func repairsSayWhatChanged() throws {
        let result = try #require(repairer.repair(query: "Amazon will invest an additional $1.3 billion.",
                                                  source: "Amazon will invest an additional $900 million.", target: "亚马逊将追加投资9亿美元。").repaired)
        #expect(result.repairs == [Repair(kind: .money, from: "9亿", to: "13亿", sourceFrom: "$900 million", sourceTo: "$1.3 billion")])
        #expect(Array(Array(result.text.utf8)[result.marked[0]]) == Array("13亿".utf8))
        #expect(MatchRepairer.score(of: result) == 99)
        let term = try #require(repairer.repair(query: "Microsoft said so.", source: "Google said so.", target: "谷歌如是说。").repaired)
        #expect(MatchRepairer.score(of: term) == 97)
    }

    @Test func termsThatShareARenderingAreNoRepair() throws {
        let sharing = MatchRepairer(recognizer: TermRecognizer(entries: [
            GlossaryEntry(en: "artificial intelligence", zh: "人工智能"), GlossaryEntry(en: "AI", zh: "人工智能"),
        ]))
        let stored = "The company signed a deal with the artificial intelligence startup Anthropic."
        let outcome = sharing.repair(query: "The company signed a deal with the AI startup Anthropic.", source: stored,
                                     target: "该公司与人工智能初创公司Anthropic签署了协议。")
        #expect(outcome.repaired == nil)
        #expect(outcome.reason == "“artificial intelligence” and “AI” share one rendering, 人工智能: the stored Chinese needs no change")
        // Beside a value repair, the shared rendering is a note and nothing more.
        let both = try #require(sharing.repair(query: "The AI startup raised $2 billion.", source: "The artificial intelligence startup raised $1 billion.",
                                               target: "这家人工智能初创公司融资10亿美元。").repaired)
        #expect(both.repairs.map(\.kind) == [.money] && both.marked.count == 1)
        #expect(both.text == "这家人工智能初创公司融资20亿美元。")
        #expect(both.note?.contains("share one rendering") == true)
    }

    @Test func traditionalTargetGetsTraditionalRendering() {
        #expect(repaired("Apple will open a store in Taipei.", "Google will open a store in Taipei.", "谷歌將在台北開設門市。")
            == "蘋果公司將在台北開設門市。")
    }

    @Test(arguments: [
        // The value occurs twice in the Chinese.
        ("Output grew 5% and exports 3%.", "Output grew 5% and exports 5%.", "产量增长5%，出口增长5%。", "more than once"),
        // A word changed besides the number.
        ("Apple will invest $8 billion.", "Amazon will invest $5 billion.", "亚马逊将投资50亿美元。", "words besides"),
        // The Chinese spells the number in words.
        ("Seven people were hurt.", "Three people were hurt.", "三人受伤。", "nothing"),
        ("About 12 people were hurt.", "About 3 people were hurt.", "约三人受伤。", "not written in figures"),
        // A value of another kind, another currency.
        ("It rose 5%.", "It rose 5 points.", "上涨5点。", "words besides"),
        ("It cost €5 million.", "It cost $5 million.", "耗资500万美元。", "currency"),
        // The stored Chinese does not hold the value.
        ("The deal closed on April 22, 2026.", "The deal closed on April 21, 2026.", "交易已于日前完成。", "not found"),
        // The Chinese holds the old term twice.
        ("Microsoft beat Google.", "Google beat Google.", "谷歌击败了谷歌。", "more than once"),
    ])
    func refusals(_ c: (String, String, String, String)) {
        let outcome = repairer.repair(query: c.0, source: c.1, target: c.2)
        #expect(outcome.repaired == nil)
        if c.3 == "nothing" { #expect(outcome == .nothingToRepair) } else { #expect(outcome.reason?.contains(c.3) == true, "\(outcome)") }
    }

    @Test func identicalValuesNeedNoRepair() {
        #expect(repairer.repair(query: "It rose 5% on May 3, 2026.", source: "It rose 5% on May 3, 2026.", target: "2026年5月3日上涨5%。") == .nothingToRepair)
    }
}
