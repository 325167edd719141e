import Foundation
import Testing
import TMTestSupport
import TMMemory
import TMSQLite
import TMText

private let pairs: [(String, String)] = [
    ("Amazon will invest a further $4 billion in the start-up.", "亚马逊将向这家初创公司追加投资40亿美元。"),
    ("Amazon will invest a further $5 billion in the start-up.", "亚马逊将向这家初创公司追加投资50亿美元。"),
    ("The regulator asked both companies for documents.", "监管机构要求两家公司提交文件。"),
    ("The deal was announced on Tuesday.", "该交易于周二宣布。"),
    ("Shares rose 3.5% in early trading.", "股价在早盘上涨3.5%。"),
    ("Cloud spending keeps growing.", "云支出持续增长。"),
    ("No no no no.", "不不不不。"),
]

@Suite("Memory: lookup")
struct LookupTests {
    let store: SQLiteMemory

    init() throws {
        store = try SQLiteMemory()
        try load(store, pairs)
    }

    @Test func exactMatchScores100WithItsTranslation() throws {
        let matches = try store.lookup("The deal was announced on Tuesday.", language: .en, minScore: 70, limit: 5)
        #expect(matches.first?.score == 100)
        #expect(matches.first?.target == "该交易于周二宣布。")
        #expect(matches.first?.differences == [])
        #expect(matches.first?.unit.origin == .tsv)
    }

    @Test func caseAndWidthFoldButAreReported() throws {
        let match = try #require(try store.lookup("THE DEAL WAS ANNOUNCED ON TUESDAY.", language: .en, minScore: 70, limit: 1).first)
        #expect(match.score == 100)
        #expect(match.differences.contains { $0.kind == .case })
    }

    @Test func punctuationOnlyDifferenceIs99() throws {
        let match = try #require(try store.lookup("The deal was announced on Tuesday!", language: .en, minScore: 70, limit: 1).first)
        #expect(match.score == 99)
        #expect(match.differences.map(\.kind) == [.punctuation])
    }

    @Test func numbersThatDifferAreNamed() throws {
        let matches = try store.lookup("Amazon will invest a further $6 billion in the start-up.", language: .en, minScore: 70, limit: 5)
        #expect(matches.count == 2)
        #expect(matches[0].score == 90)  // one token of ten differs
        #expect(matches[0].differences.allSatisfy { $0.kind == .numbers })
        #expect(matches[0].differences.first?.query == "$6")
    }

    @Test func nearMissWithWordsChanged() throws {
        let match = try #require(try store.lookup("The regulator asked all three companies for documents.", language: .en, minScore: 50, limit: 1).first)
        #expect(match.target == "监管机构要求两家公司提交文件。")
        #expect(match.score == 75)  // two substitutions and one insertion over eight tokens → 100 × 6/8... rounded down
        #expect(match.differences.contains { $0.kind == .words })
    }

    @Test func thresholdAndLimit() throws {
        #expect(try store.lookup("Amazon will invest more money.", language: .en, minScore: 90, limit: 5).isEmpty)
        #expect(try store.lookup("Amazon will invest a further $4 billion in the start-up.", language: .en, minScore: 50, limit: 1).count == 1)
    }

    @Test func chineseMatchesOnCharactersAndTraditionalInput() throws {
        let exact = try #require(try store.lookup("監管機構要求兩家公司提交文件。", language: .zh, minScore: 70, limit: 1).first)
        #expect(exact.score == 100)
        #expect(exact.target == "The regulator asked both companies for documents.")
        let fuzzy = try #require(try store.lookup("监管机构要求三家公司提交文件。", language: .zh, minScore: 70, limit: 1).first)
        #expect(fuzzy.score == 92)  // one character of thirteen
        #expect(fuzzy.source == "监管机构要求两家公司提交文件。")
    }

    @Test func repeatedTokensCountWithRepetition() throws {
        let match = try #require(try store.lookup("No no no no!", language: .en, minScore: 90, limit: 1).first)
        #expect(match.score == 99)
    }

    @Test func queriesWithoutWordsFindNothing() throws {
        #expect(try store.lookup("?!…", language: .en, minScore: 0, limit: 5).isEmpty)
    }
}

@Suite("Memory: the index agrees with an exhaustive scan")
struct ExhaustiveAgreementTests {
    @Test func topMatchEqualsExhaustiveTop() throws {
        var rng = SeededGenerator(seed: 42)
        let words = ["cloud", "chips", "rose", "fell", "market", "the", "a", "of", "deal", "shares", "investors",
                     "said", "on", "in", "revenue", "quarter", "growth", "slowed", "record", "AI"]
        var pairs: [(String, String)] = []
        for k in 0..<600 {
            let length = Int.random(in: 4...14, using: &rng)
            let sentence = (0..<length).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
            pairs.append(("\(sentence) \(k % 7 == 0 ? "" : "item")", "第\(k)条"))
        }
        let store = try SQLiteMemory()
        try load(store, pairs)
        let units = pairs.map { MatchText($0.0) }
        for q in 0..<60 {
            let base = pairs[Int.random(in: 0..<pairs.count, using: &rng)].0
            var tokens = base.split(separator: " ").map(String.init)
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !tokens.isEmpty {
                tokens[Int.random(in: 0..<tokens.count, using: &rng)] = words.randomElement(using: &rng)!
            }
            let query = q % 5 == 0 ? "entirely unrelated words here" : tokens.joined(separator: " ")
            let best = units.map { FuzzyScore.score(MatchText(query), $0) }.max() ?? 0
            let found = try store.lookup(query, language: .en, minScore: 50, limit: 1).first?.score ?? 0
            #expect(found == (best >= 50 ? best : 0), "query: \(query)")
        }
    }

    @Test func boundedDistanceAgreesWithPlainLevenshtein() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let a = (0..<Int.random(in: 0...12, using: &rng)).map { _ in UInt64.random(in: 0...3, using: &rng) }
            let b = (0..<Int.random(in: 0...12, using: &rng)).map { _ in UInt64.random(in: 0...3, using: &rng) }
            let exact = levenshtein(a, b)
            for limit in 0...6 {
                let bounded = FuzzyScore.distance(a, b, atMost: limit)
                #expect(bounded == (exact <= limit ? exact : nil))
            }
        }
    }

    private func levenshtein(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var next = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                next[j] = min(row[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), row[j] + 1, next[j - 1] + 1)
            }
            row = next
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}

@Suite("Posting cache")
struct PostingCacheTests {
    @Test func cachedLookupsEqualUncachedOnes() throws {
        let store = try SQLiteMemory()
        // 6,000 units share "the" and "market": their lists are long enough to be kept.
        let subjects = ["copper", "wheat", "coffee", "steel", "cotton", "sugar"]
        try load(store, (0..<6000).map { k in
            ("The \(subjects[k % 6]) market closed \(k) points higher on day \(k / 6).", "\(k)号\(["铜", "麦", "咖啡", "钢", "棉", "糖"][k % 6])市场收盘上涨。")
        })
        let cache = PostingCache()
        for k in stride(from: 3, to: 6000, by: 97) {
            let query = "The \(subjects[(k + 1) % 6]) market closed \(k) points lower on day \(k / 6)."
            let plain = try store.lookup(query, language: .en, minScore: 50, limit: 3, cache: nil)
            let cached = try store.lookup(query, language: .en, minScore: 50, limit: 3, cache: cache)
            #expect(plain.map(\.unit.id) == cached.map(\.unit.id))
            #expect(plain.map(\.score) == cached.map(\.score))
            #expect(!plain.isEmpty)
        }
    }

    /// The memory's own cache outlives lookups: units imported afterwards, by
    /// this memory or by another connection to the same file, must be found.
    @Test func sharedCacheSeesLaterImports() throws {
        let folder = NSTemporaryDirectory() + "tmkit-cache-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteMemory(path: folder + "/tm.sqlite")
        try load(store, (0..<5000).map { k in ("The grain market closed \(k) points higher on day \(k).", "谷物市场第\(k)天收盘上涨\(k)点。") })
        let query = "The grain market closed sharply higher on Friday."
        let before = try store.lookup(query, language: .en, minScore: 50, limit: 1)
        #expect(before.first.map { $0.score < 90 } == true)

        try load(store, [("The grain market closed sharply higher on Friday.", "周五谷物市场收盘大涨。")])
        #expect(try store.lookup(query, language: .en, minScore: 50, limit: 1).first?.score == 100)

        let other = try SQLiteMemory(path: folder + "/tm.sqlite")
        try load(other, [("The grain market closed sharply lower on Friday.", "周五谷物市场收盘大跌。")])
        let later = try store.lookup("The grain market closed sharply lower on Friday.", language: .en, minScore: 50, limit: 1)
        #expect(later.first?.target == "周五谷物市场收盘大跌。")
        #expect(later.first?.score == 100)
    }
}
