import Testing
import TMMemory
import TMSQLite
import TMText

@Suite("Memory: concordance")
struct ConcordanceTests {
    let store: SQLiteMemory

    init() throws {
        store = try SQLiteMemory()
        try load(store, [
            ("International regulators met in Geneva.", "国际监管机构在日内瓦开会。"),
            ("The regulator approved the merger.", "监管机构批准了合并。"),
            ("Use \"quotes\" AND operators * NEAR here.", "这里用了引号和运算符。"),
            ("Nothing relevant.", "无关内容。"),
        ])
    }

    private func texts(_ query: String, _ lang: Language? = nil) throws -> [String] {
        try store.concordance(query, language: lang, limit: 10).map { $0.language == .en ? $0.unit.en : $0.unit.zh }
    }

    @Test func wholeWordsAndPhrases() throws {
        #expect(try texts("approved the") == ["The regulator approved the merger."])
    }

    @Test func fragmentsInsideWords() throws {
        #expect(Set(try texts("regulator", .en)) == ["International regulators met in Geneva.", "The regulator approved the merger."])
        #expect(try texts("ternational reg") == ["International regulators met in Geneva."])
    }

    @Test func chineseSubstrings() throws {
        #expect(Set(try texts("监管机构")) == ["国际监管机构在日内瓦开会。", "监管机构批准了合并。"])
        #expect(try texts("日内") == ["国际监管机构在日内瓦开会。"])
        #expect(try texts("監管機構批准") == ["监管机构批准了合并。"])  // Traditional input
    }

    @Test func operatorsAndQuotesAreLiteral() throws {
        #expect(try texts("\"quotes\" AND operators * NEAR") == ["Use \"quotes\" AND operators * NEAR here."])
        #expect(try texts("regulator NEAR merger").isEmpty)
        #expect(try texts("\"*\"").isEmpty)
    }

    @Test func hitsAreHighlightedInTheVerbatimText() throws {
        let hit = try #require(try store.concordance("APPROVED", language: .en, limit: 5).first)
        let bytes = Array(hit.unit.en.utf8)
        #expect(hit.ranges.map { String(decoding: bytes[$0], as: UTF8.self) } == ["approved"])
    }
}
