import Testing
@testable import TMText

@Suite("Normalization for matching")
struct NormalizationTests {
    @Test func fullWidthLatinAndDigitsBecomeHalfWidth() {
        #expect(MatchNormalizer.normalize("ＡＷＳ２０２６") == "aws2026")
    }

    @Test func caseIsFolded() {
        #expect(MatchNormalizer.normalize("Generative AI") == MatchNormalizer.normalize("generative ai"))
    }

    @Test func traditionalBecomesSimplified() {
        #expect(MatchNormalizer.normalize("這是雲端運算") == "这是云端运算")
        #expect(MatchNormalizer.simplified("監管機構") == "监管机构")
    }

    @Test func compatibilityFormsFold() {
        #expect(MatchNormalizer.nfkc("ﬁnance\u{3000}①") == "finance 1")
    }

    @Test("the fast path agrees with ICU", arguments: [
        "Plain English, with CAPS and 3.5%.", "亚马逊宣布追加投资。", "「這是繁體中文。」他說。", "《三体》——刘慈欣・作品",
        "“引号”和‘单引号’、顿号", "Mixed 中文 and English 123", "〇一二三", "她说：“好。”（ＡＷＳ，２０２６）？！\u{3000}",
    ])
    func fastPathAgreesWithICU(_ text: String) {
        let fast = MatchNormalizer.fastNormalize(text)
        #expect(fast != nil)
        #expect(fast == MatchNormalizer.simplified(ICUText.normalize(text, form: .nfkcCaseFold)))
    }

    @Test func matchingFoldsWidthCaseAndScriptButNotTheWords() {
        // What matching compares; the memory stores the text as given (see the store conformance tests).
        #expect(MatchNormalizer.normalize("Ｈｅｌｌｏ，世界") == MatchNormalizer.normalize("hello,世界"))
        #expect(MatchNormalizer.normalize("漢語") == MatchNormalizer.normalize("汉语"))
        #expect(MatchNormalizer.normalize("Hello, world") != MatchNormalizer.normalize("Hello, word"))
    }
}

@Suite("Tokens and word counts")
struct TokenTests {
    private func words(_ s: String) -> [String] { Tokenizer.tokens(s).map(\.text) }

    @Test func englishWordsKeepContractionsHyphensAndPossessives() {
        #expect(words("Don't re-open Amazon's state-of-the-art site.")
            == ["Don't", "re-open", "Amazon's", "state-of-the-art", "site"])
        #expect(Tokenizer.tokens("Amazon’s").first?.withoutPossessive == "Amazon")
        #expect(Tokenizer.tokens("regulators' rules").first?.text == "regulators'")
        #expect(Tokenizer.tokens("regulators' rules").first?.withoutPossessive == "regulators")
    }

    @Test func numbersKeepSeparatorsCurrencyAndPercent() {
        let tokens = Tokenizer.tokens("It paid $5,000.50 for 3.5% of 1,200 shares")
        #expect(tokens.filter { $0.kind == .number }.map(\.text) == ["$5,000.50", "3.5%", "1,200"])
    }

    @Test func dottedAcronymsAreOneWord() {
        #expect(words("The U.S. and the E.U. met at 9 a.m. today") == ["The", "U.S.", "and", "the", "E.U.", "met", "at", "9", "a.m.", "today"])
    }

    @Test func chineseIsCharactersWithLatinWordsWhole() {
        let tokens = Tokenizer.tokens("亚马逊投资Anthropic 40亿美元")
        #expect(tokens.map(\.text) == ["亚", "马", "逊", "投", "资", "Anthropic", "40", "亿", "美", "元"])
        #expect(tokens.map(\.kind).filter { $0 == .han }.count == 8)
    }

    @Test func chineseDictionaryWords() {
        let words = Tokenizer.chineseWords("人工智能改变了世界。").map(\.text)
        #expect(words.joined() == "人工智能改变了世界")
        #expect(words.count < 9)  // words, not single characters
        #expect(words.contains("世界"))
    }

    @Test func punctuationOnRequest() {
        #expect(Tokenizer.tokens("Yes, no.", includePunctuation: true).map(\.text) == ["Yes", ",", "no", "."])
    }

    @Test func tradeWordCounts() {
        #expect(WordCounter.count("Amazon's cloud unit grew 12.5% in Q3.") == 7)
        #expect(WordCounter.count("亚马逊宣布追加投资。") == 9)
        #expect(WordCounter.count("AWS是亚马逊的云服务部门，营收增长3.5%。") == 16)  // AWS, 14 characters, 3.5%
        #expect(WordCounter.count("") == 0)
        #expect(WordCounter.count(" — ， 。") == 0)
    }
}

@Suite("Language detection")
struct LanguageTests {
    @Test func detectsByHanShare() {
        #expect(Language.detect("The cloud market grew.") == .en)
        #expect(Language.detect("云计算市场增长了。") == .zh)
        #expect(Language.detect("AWS是亚马逊的云服务部门，即Amazon Web Services。") == .zh)
        #expect(Language.detect("The word 云 means cloud.") == .en)
        #expect(Language.detect("") == .en)
    }
}

@Suite("ICU services")
struct ICUTests {
    @Test func pinyinCollationOrdersByReading() throws {
        let collator = try Collator(locale: "zh@collation=pinyin")
        let sorted = ["中国", "阿里", "北京"].sorted { collator.compare($0, $1) < 0 }
        #expect(sorted == ["阿里", "北京", "中国"])
    }

    @Test func hanToLatinGivesPinyin() throws {
        #expect(try Transliterator(id: "Han-Latin").transform("北京") == "běi jīng")
    }

    @Test func unknownTransliteratorIsAnError() {
        #expect(throws: ICUError.self) { try Transliterator(id: "No-Such-Thing") }
    }
}
