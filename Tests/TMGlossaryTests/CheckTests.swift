import Testing
import TMGlossary

@Suite("Glossary: numbers across languages")
struct QuantityTests {
    private func agree(_ en: String, _ zh: String) -> Bool {
        Quantities.unmatched(Quantities.english(en), in: Quantities.chinese(zh)).isEmpty
            && Quantities.unmatched(Quantities.chinese(zh), in: Quantities.english(en)).isEmpty
    }

    @Test(arguments: [
        ("It raised $5 billion.", "它筹集了50亿美元。"),
        ("Sales hit 1.2 million units.", "销量达到120万台。"),
        ("Margins rose 3.5%.", "利润率上升3.5%。"),
        ("Margins rose 3.5 percent.", "利润率上升3.5％。"),
        ("The deal closed on April 21, 2026.", "交易于2026年4月21日完成。"),
        ("It was signed on 3 March 2025.", "协议于2025年3月3日签署。"),
        ("Revenue was $1.5 trillion.", "收入为1.5万亿美元。"),
        ("About 3,000 staff.", "约3000名员工。"),
        ("It cost $5m.", "耗资500万美元。"),
        ("Tens of thousands protested.", "数万人抗议。"),
        ("Full-width digits: 12 units.", "１２台。"),
    ])
    func numbersThatAgree(_ pair: (String, String)) {
        #expect(agree(pair.0, pair.1))
    }

    @Test(arguments: [
        ("It raised $5 billion.", "它筹集了5亿美元。"),
        ("Sales hit 1.2 million units.", "销量达到12万台。"),
        ("Margins rose 3.5%.", "利润率上升3.6%。"),
        ("The deal closed on April 21, 2026.", "交易于2026年4月12日完成。"),
        ("Two sites cost 40 million.", "两个站点耗资4000万，另有3个。"),
    ])
    func numbersThatDisagree(_ pair: (String, String)) {
        #expect(!agree(pair.0, pair.1))
    }

    @Test func vagueAmountsAreNotNumbers() {
        #expect(Quantities.english("tens of thousands of hundreds").isEmpty)
    }
}

@Suite("Glossary: term QA")
struct TermCheckTests {
    let check = TermCheck(recognizer: TermRecognizer(entries: [
        GlossaryEntry(en: "regulator", zh: "监管机构"),
        GlossaryEntry(en: "regulator", zh: "监管部门", status: .admitted),
        GlossaryEntry(en: "cloud computing", zh: "云计算"),
        GlossaryEntry(en: "cloud computing", zh: "云端运算", status: .forbidden),
    ]))

    @Test func approvedRenderingPresent() {
        #expect(check.check(en: "The regulators agreed.", zh: "监管部门表示同意。").isEmpty)
    }

    @Test func approvedRenderingMissing() {
        let problems = check.check(en: "The regulator agreed.", zh: "管理者表示同意。")
        #expect(problems.map(\.kind) == [.missingRendering])
        #expect(problems[0].message.contains("监管机构"))
    }

    @Test func forbiddenRenderingUsed() {
        let problems = check.check(en: "Cloud computing grew.", zh: "雲端運算增长了，云计算也是。")
        #expect(problems.map(\.kind) == [.forbiddenRendering])
    }

    @Test func numbersAreChecked() {
        let problems = check.check(en: "The regulator fined it $5 billion.", zh: "监管机构对其罚款5亿美元。")
        #expect(problems.map(\.kind) == [.numberMismatch, .numberMismatch])
    }
}
