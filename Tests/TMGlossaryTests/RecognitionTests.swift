import Testing
import TMGlossary

private let glossary = TermRecognizer(entries: [
    GlossaryEntry(en: "AI", zh: "人工智能"),
    GlossaryEntry(en: "generative AI", zh: "生成式人工智能"),
    GlossaryEntry(en: "AWS", zh: "亚马逊云科技"),
    GlossaryEntry(en: "Amazon", zh: "亚马逊"),
    GlossaryEntry(en: "regulator", zh: "监管机构"),
    GlossaryEntry(en: "regulation", zh: "监管规定"),
    GlossaryEntry(en: "data center", zh: "数据中心"),
    GlossaryEntry(en: "launch", zh: "推出"),
    GlossaryEntry(en: "company", zh: "公司"),
    GlossaryEntry(en: "ban", zh: "禁令"),
    GlossaryEntry(en: "cloud computing", zh: "云计算"),
    GlossaryEntry(en: "cloud computing", zh: "雲端運算", status: .forbidden),
])

private func found(_ text: String, lang: String = "en") -> [String] {
    glossary.find(in: text).filter { $0.lang == lang }.map(\.text)
}

@Suite("Glossary: recognition")
struct RecognitionTests {
    @Test func longestMatchWins() {
        let hits = glossary.find(in: "Generative AI is not just AI.").filter { $0.lang == "en" }
        #expect(hits.map(\.text) == ["Generative AI", "AI"])
        #expect(hits.map(\.en) == ["generative AI", "AI"])
    }

    @Test func acronymsMatchOnlyInTheirCase() {
        #expect(found("New laws affect AWS and aws.") == ["AWS"])
        #expect(found("Paws and claws.").isEmpty)
    }

    @Test func inflectionWithoutOverStemming() {
        #expect(found("Regulators met.") == ["Regulators"])
        #expect(found("The regulator's view and the regulators' plan.") == ["regulator's", "regulators'"])
        #expect(found("New regulations arrived.") == ["regulations"])
        #expect(glossary.find(in: "New regulations arrived.").first?.en == "regulation")
        #expect(found("Two companies launched and are launching more data centers; bans followed.")
            == ["companies", "launched", "launching", "data centers", "bans"])
    }

    @Test func possessivesWithBothApostrophes() {
        #expect(found("Amazon's plan and Amazon’s deal.") == ["Amazon's", "Amazon’s"])
    }

    @Test func termWordsMustBeAdjacent() {
        #expect(found("data, center").isEmpty)
        #expect(found("data  center") == ["data  center"])
    }

    @Test func offsetsPointAtTheText() {
        let text = "云计算 and Amazon"
        let hits = glossary.find(in: text)
        let bytes = Array(text.utf8)
        for hit in hits { #expect(String(decoding: bytes[hit.start..<hit.end], as: UTF8.self) == hit.text) }
        #expect(hits.map(\.text) == ["云计算", "Amazon"])
    }

    @Test func chineseOnNormalizedText() {
        #expect(found("亚马逊宣布在数据中心使用人工智能。", lang: "zh") == ["亚马逊", "数据中心", "人工智能"])
        #expect(found("亞馬遜的數據中心", lang: "zh") == ["亞馬遜", "數據中心"])  // Traditional input
        #expect(found("生成式人工智能", lang: "zh") == ["生成式人工智能"])          // longest first
    }

    @Test func bothRenderingsOfATermAreReported() {
        let hits = glossary.find(in: "Cloud computing grows.")
        #expect(Set(hits.map(\.status)) == [.preferred, .forbidden])
    }
}

@Suite("Glossary: English base forms")
struct InflectionTests {
    @Test(arguments: [
        ("regulators", "regulator"), ("companies", "company"), ("taxes", "tax"), ("searches", "search"),
        ("licenses", "license"), ("launched", "launch"), ("regulated", "regulate"), ("banned", "ban"),
        ("launching", "launch"), ("regulating", "regulate"), ("planning", "plan"), ("applied", "apply"),
        ("GPUs", "GPU"), ("Amazon's", "Amazon"), ("regulators'", "regulators"),
    ])
    func baseFormsInclude(_ pair: (String, String)) {
        #expect(EnglishInflection.baseForms(pair.0).contains(pair.1))
    }

    @Test(arguments: [("regulations", "regulator"), ("regulations", "regulate"), ("business", "busines"), ("status", "statu"), ("news", "new")])
    func noOverStemming(_ pair: (String, String)) {
        #expect(!EnglishInflection.baseForms(pair.0).contains(pair.1))
    }
}
