import Foundation
import Testing
import TMFormats
import TMGlossary
import TMKit
#if SharedMemory
import TMPostgres
#endif
import TMMemory
import TMSQLite
import TMText

/// The backends the same tests run against. PostgreSQL joins when
/// TMKIT_TEST_POSTGRES names a server's database (`.ci/run` starts one).
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["TMKIT_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    static let available: [Backend] = {
        guard MemoryLocation.hasSharedMemory else {
            print("PostgreSQL conformance tests: not in this build (run `swift test --traits SharedMemory` to include them)")
            return [.sqlite]
        }
        guard postgresURL != nil else {
            print("PostgreSQL conformance tests: not run (set TMKIT_TEST_POSTGRES=postgres://USER@HOST:PORT/DB to include them)")
            return [.sqlite]
        }
        return [.sqlite, .postgres]
    }()
}

/// A fresh, empty memory of one backend, removed afterwards.
final class ScratchStore: @unchecked Sendable {
    let backend: Backend
    let location: String
    private let cleanup: @Sendable () -> Void

    init(_ backend: Backend) throws {
        self.backend = backend
        switch backend {
        case .sqlite:
            let folder = NSTemporaryDirectory() + "tmkit-conformance-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            location = folder + "/tm.sqlite"
            cleanup = { try? FileManager.default.removeItem(atPath: folder) }
        case .postgres:
            #if SharedMemory
            let server = try #require(Backend.postgresURL)
            let name = "tmkit_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            location = try PostgresAdmin.createDatabase(name, on: server)
            cleanup = { try? PostgresAdmin.dropDatabase(name, on: server) }
            #else
            Issue.record("PostgreSQL is not in this build")
            throw StoreError.notInThisBuild(feature: "PostgreSQL memories", location: "postgres://")
            #endif
        }
    }

    /// A new connection to the memory (a separate client), opened as the command line and the server open one.
    func open() throws -> any TranslationMemoryStore {
        try MemoryLocation.open(location)
    }

    deinit { cleanup() }
}

func writeTSV(_ pairs: [(String, String)], name: String = UUID().uuidString) throws -> String {
    let path = NSTemporaryDirectory() + "tmkit-conformance-\(name).tsv"
    try Data(("en\tzh\n" + pairs.map { "\($0.0)\t\($0.1)" }.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    return path
}

private let newsPairs: [(String, String)] = [
    ("Cloud revenue rose 12% in the third quarter.", "第三季度云收入增长12%。"),
    ("The central bank left interest rates unchanged.", "央行维持利率不变。"),
    ("Shares of the chipmaker fell 5% on Friday.", "该芯片制造商的股价周五下跌5%。"),
    ("The ferry service resumed after the typhoon.", "台风过后，渡轮服务恢复。"),
    ("Discount: 100% off_season \"special\" fares.", "淡季“特价”票价：100%折扣。"),
]

@Suite("Store conformance")
struct StoreConformanceTests {
    @Test(arguments: Backend.available)
    func theStoredTextIsTheTextGivenWhileMatchingFoldsIt(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let file = try writeTSV([("Ｆｅｒｒｙ　ｆａｒｅｓ ｒｉｓｅ．", "渡輪票價上漲。")])
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(try FileImport(store: store).importFile(file, format: .tsv).added == 1)
        // Half-width, lower-case and Simplified finds it exactly; what comes back is what was stored.
        let match = try #require(try store.lookup("ferry fares rise.", language: .en, minScore: 90, limit: 1).first)
        #expect(match.score == 100)
        #expect(match.source == "Ｆｅｒｒｙ　ｆａｒｅｓ ｒｉｓｅ．" && match.target == "渡輪票價上漲。")
        #expect(try store.concordance("渡轮", language: .zh, limit: 5).first?.unit.zh == "渡輪票價上漲。")
    }

    @Test(arguments: Backend.available)
    func importsOnceAndReportsDuplicates(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let file = try writeTSV(newsPairs + [newsPairs[0]])
        defer { try? FileManager.default.removeItem(atPath: file) }
        let first = try FileImport(store: store, user: "test").importFile(file, format: .tsv)
        #expect(first.added == 5)
        #expect(first.duplicates == 1)
        #expect(!first.alreadyImported)
        let again = try FileImport(store: store, user: "test").importFile(file, format: .tsv)
        #expect(again.alreadyImported)
        #expect(again.added == 0)
        #expect(try store.isImported(sha256: FileImport.sha256(path: file)))
        #expect(try !store.isImported(sha256: String(repeating: "0", count: 64)))
        let stats = try store.stats()
        #expect(stats.units == 5)
        #expect(stats.imports == 1)
        #expect(stats.documents == 1)
        #expect(stats.unitsByOrigin == ["tsv": 5])
    }

    @Test(arguments: Backend.available)
    func lookupScoresAndDifferences(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let file = try writeTSV(newsPairs)
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try FileImport(store: store).importFile(file, format: .tsv)

        let exact = try store.lookup("The central bank left interest rates unchanged.", language: .en, minScore: 70, limit: 3)
        #expect(exact.first?.score == 100)
        #expect(exact.first?.target == "央行维持利率不变。")
        #expect(exact.first?.differences == [])
        #expect(exact.first?.unit.document != nil)

        let near = try store.lookup("Cloud revenue rose 15% in the third quarter.", language: .en, minScore: 70, limit: 3)
        let best = try #require(near.first)
        #expect(best.source == "Cloud revenue rose 12% in the third quarter.")
        #expect(best.score == 87)  // one of nine tokens differs
        #expect(best.differences.first?.kind == .numbers)

        let chinese = try store.lookup("第三季度云收入增长15%。", language: .zh, minScore: 60, limit: 3)
        #expect(chinese.first?.target == "Cloud revenue rose 12% in the third quarter.")
        #expect(try store.lookup("A completely unrelated sentence about gardening tools.", language: .en, minScore: 70, limit: 3).isEmpty)
    }

    @Test(arguments: Backend.available)
    func concordanceIsLiteral(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let file = try writeTSV(newsPairs)
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try FileImport(store: store).importFile(file, format: .tsv)

        let ferry = try store.concordance("渡轮", language: nil, limit: 10)
        #expect(ferry.map(\.unit.en) == ["The ferry service resumed after the typhoon."])
        #expect(ferry.first?.ranges == [15..<21])
        // One character, and one found in two units.
        #expect(try store.concordance("央", language: .zh, limit: 10).map(\.unit.zh) == ["央行维持利率不变。"])
        #expect(Set(try store.concordance("价", language: .zh, limit: 10).map(\.unit.zh)) == ["该芯片制造商的股价周五下跌5%。", "淡季“特价”票价：100%折扣。"])
        // Wildcards and quotes are text, never syntax.
        for query in ["100%", "off_season", "\"special\"", "0% off"] {
            let hits = try store.concordance(query, language: .en, limit: 10)
            #expect(hits.map(\.unit.zh) == ["淡季“特价”票价：100%折扣。"], "\(query)")
        }
        // Nothing but a wildcard: no word to search for, and no error either.
        #expect(try store.concordance("%", language: .en, limit: 10).isEmpty)
        #expect(try store.concordance("rates unchanged", language: .en, limit: 10).count == 1)
        #expect(try store.concordance("nothing like this", language: .en, limit: 10).isEmpty)
    }

    /// Queries too short for trigrams: parts of words, and short words.
    @Test(arguments: Backend.available)
    func concordanceFindsShortFragments(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let file = try writeTSV(newsPairs)
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try FileImport(store: store).importFile(file, format: .tsv)

        func english(_ query: String) throws -> Set<String> { Set(try store.concordance(query, language: .en, limit: 10).map(\.unit.en)) }
        // "ip" only inside words: chipmaker, ship-less others.
        #expect(try english("ip") == ["Shares of the chipmaker fell 5% on Friday."])
        #expect(try english("fe") == ["The ferry service resumed after the typhoon.", "Shares of the chipmaker fell 5% on Friday."])
        #expect(try english("Q") == ["Cloud revenue rose 12% in the third quarter."])
        #expect(try english("12") == ["Cloud revenue rose 12% in the third quarter."])
        #expect(try english("on F") == ["Shares of the chipmaker fell 5% on Friday."])
        #expect(try english("zq").isEmpty)
        let hit = try #require(try store.concordance("ip", language: .en, limit: 1).first)
        #expect(hit.ranges == [16..<18])

        // A fragment inside more than a thousand different words.
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let words: [String] = (0..<1_200).map { (n: Int) -> String in
            "qx" + String([letters[n / 26 % 26], letters[n % 26], letters[n / 676]])
        }
        let many = try writeTSV(words.enumerated().map { ("Model \($0.element) ships in spring.", "型号\($0.offset)春季发货。") })
        defer { try? FileManager.default.removeItem(atPath: many) }
        _ = try FileImport(store: store).importFile(many, format: .tsv)
        let common = try store.concordance("qx", language: .en, limit: 7)
        #expect(common.count == 7 && common.allSatisfy { $0.unit.en.contains("qx") })
        #expect(Set(common.map(\.unit.en)).isSubset(of: Set(words.suffix(7).map { "Model \($0) ships in spring." })))  // newest first
    }

    @Test(arguments: Backend.available)
    func aFileThatCannotBeReadStoresNothing(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let path = NSTemporaryDirectory() + "tmkit-conformance-bad-\(UUID().uuidString).tmx"
        try Data("<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"en\"><seg>One.</seg></tuv><tuv xml:lang=\"zh\"><seg>一。</seg></tuv></tu><tu>".utf8)
            .write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: TextInputError.self) { try FileImport(store: store).importFile(path, format: .tmx) }
        #expect(try store.stats().units == 0)
        #expect(try store.stats().imports == 0)
    }

    /// Many small imports: each term's chunks are merged once there are too many,
    /// and lookups still see every unit.
    @Test(arguments: Backend.available)
    func manySmallImportsStayFindable(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        for k in 0..<(PostingList.maxChunks + 6) {
            let file = try writeTSV([("The harbour board met on day \(k) of the strike.", "罢工第\(k)天，港务委员会开会。"),
                                     ("Dock workers marched on day \(k).", "码头工人在第\(k)天游行。")], name: "small-\(k)-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(atPath: file) }
            #expect(try FileImport(store: store).importFile(file, format: .tsv).added == 2)
        }
        for k in [0, 7, PostingList.maxChunks + 5] {
            let best = try store.lookup("The harbour board met on day \(k) of the strike.", language: .en, minScore: 70, limit: 1)
            #expect(best.first?.score == 100)
            #expect(best.first?.target == "罢工第\(k)天，港务委员会开会。")
        }
        #expect(try store.lookup("码头工人在第3天游行。", language: .zh, minScore: 90, limit: 1).first?.target == "Dock workers marched on day 3.")
    }

    /// Eight clients import overlapping files at once: every pair ends up stored exactly once.
    @Test(arguments: Backend.available)
    func eightConcurrentImportersStoreEachPairOnce(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        _ = try scratch.open()  // create the schema once
        let shared = (0..<400).map { ("Shared sentence \($0) about the port authority budget.", "关于港务局预算的共同句子\($0)。") }
        var files: [String] = []
        for k in 0..<8 {
            let own = (0..<300).map { ("Importer \(k) sentence \($0) on the rail timetable.", "导入者\(k)关于铁路时刻表的句子\($0)。") }
            // Each file interleaves its own pairs with the shared ones, in a different order.
            files.append(try writeTSV(zip(own, shared.shuffled()).flatMap { [$0.0, $0.1] } + shared.suffix(100), name: "importer-\(k)-\(UUID().uuidString)"))
        }
        defer { for f in files { try? FileManager.default.removeItem(atPath: f) } }
        let paths = files
        let added = Counter()
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 8) { k in
            do {
                let store = try scratch.open()
                added.add(try FileImport(store: store).importFile(paths[k], format: .tsv).added)
            } catch {
                failures.add(1)
            }
        }
        #expect(failures.value == 0)
        #expect(added.value == 8 * 300 + 400)
        #expect(try scratch.open().stats().units == 8 * 300 + 400)
    }
}

@Suite("Store conformance: glossary, export, coverage")
struct StoreConformanceMoreTests {
    @Test(arguments: Backend.available)
    func glossaryTables(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let first = try store.replaceGlossary(source: "glossary/policy.tsv", sha256: "aa", entries: [
            GlossaryEntry(en: "regulator", zh: "监管机构"), GlossaryEntry(en: "tariff", zh: "关税", pos: "noun"),
        ])
        #expect(first == GlossaryImportSummary(added: 2, merged: 0))
        let merged = try store.addGlossaryEntries([GlossaryEntry(en: "Tariff", zh: "關稅", status: .admitted, note: "trade", source: "manual")])
        #expect(merged == GlossaryImportSummary(added: 0, merged: 1))
        let entries = try store.glossaryEntries()
        #expect(entries.count == 2)
        let tariff = try #require(entries.first { $0.en == "tariff" })
        #expect(tariff.status == .admitted && tariff.pos == "noun" && tariff.note == "trade")
        #expect(try store.glossarySourceHashes() == ["glossary/policy.tsv": "aa"])
        try store.removeGlossarySource("glossary/policy.tsv")
        #expect(try store.glossaryEntries().isEmpty)
        #expect(try store.glossarySourceHashes().isEmpty)
    }

    @Test(arguments: Backend.available)
    func exportAndNeighbours(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let file = try writeTSV(newsPairs, name: "export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try FileImport(store: store, user: "desk").importFile(file, format: .tsv)
        var exported: [ExportedUnit] = []
        try store.forEachUnitForExport(document: nil, since: nil, batchSize: 2) { exported.append($0) }
        #expect(exported.map(\.unit.en) == newsPairs.map(\.0))
        #expect(exported.allSatisfy { $0.user == "desk" && $0.unit.document == ($0.unit.importFile ?? "") })
        #expect(exported.map(\.unit.position) == [0, 1, 2, 3, 4])
        var none = 0
        try store.forEachUnitForExport(document: "no such document", since: nil, batchSize: 10) { _ in none += 1 }
        #expect(none == 0)
        let middle = try store.neighbours(of: exported[2].unit.id, language: .en)
        #expect(middle.previous == MatchText(newsPairs[1].0).normalized)
        #expect(middle.next == MatchText(newsPairs[3].0).normalized)
        let first = try store.neighbours(of: exported[0].unit.id, language: .zh)
        #expect(first.previous == nil && first.next == MatchText(newsPairs[1].1).normalized)
    }

    @Test(arguments: Backend.available)
    func coverageBands(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let file = try writeTSV(newsPairs, name: "coverage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try FileImport(store: store).importFile(file, format: .tsv)
        let article = "The central bank left interest rates unchanged. Shares of the chipmaker fell 5% on Friday.\n\n"
            + "Cloud revenue rose 15% in the third quarter. Nobody saw the second storm coming this early."
        let report = try CoverageAnalysis(memory: store, recognizer: nil).analyse(texts: [("a.txt", article, .txt)]).total
        // Exact, not context: in the memory each has a neighbour the article lacks.
        #expect(report.bands[.context]?.segments == 0)
        #expect(report.bands[.exact]?.segments == 2)
        // "15%" for a stored "12%": repaired, its own band.
        #expect(report.bands[.repaired]?.segments == 1)
        #expect(report.bands[.good]?.segments == 0)
        #expect(report.bands[.new]?.segments == 1)
    }
}

@Suite("Store conformance: copy")
struct StoreCopyTests {
    /// SQLite → backend → SQLite: the same pairs, provenance and glossary, and
    /// a second copy adds nothing.
    @Test(arguments: Backend.available)
    func copyRoundTrip(_ backend: Backend) throws {
        let source = try ScratchStore(.sqlite), middle = try ScratchStore(backend), back = try ScratchStore(.sqlite)
        let store = try source.open()
        let file = try writeTSV(newsPairs, name: "copy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try FileImport(store: store, user: "desk").importFile(file, format: .tsv)
        _ = try ManualEntry.add(en: "The vote was postponed.", zh: "投票被推迟。", document: "politics", user: "editor", to: store)
        _ = try store.addGlossaryEntries([GlossaryEntry(en: "ferry", zh: "渡轮", source: "manual")])

        let there = try middle.open()
        let copied = try MemoryCopy(from: store, to: there, sourceName: source.location).run()
        #expect(copied.units == 6 && copied.added == 6 && copied.glossaryEntries == 1)
        let again = try MemoryCopy(from: store, to: there, sourceName: source.location).run()
        #expect(again.added == 0 && again.runsSkipped == 2)
        let home = try back.open()
        _ = try MemoryCopy(from: there, to: home, sourceName: middle.location).run()

        let checksum = try MemoryChecksum.compute(store)
        #expect(try MemoryChecksum.compute(there) == checksum)
        #expect(try MemoryChecksum.compute(home) == checksum)
        #expect(try home.glossaryEntries().map(\.zh) == ["渡轮"])
        var returned: [ExportedUnit] = []
        try home.forEachUnitForExport(document: nil, since: nil, batchSize: 100) { returned.append($0) }
        let vote = try #require(returned.first { $0.unit.en == "The vote was postponed." })
        #expect(vote.unit.origin == .manual && vote.unit.document == "politics" && vote.user == "editor")
        #expect(returned.filter { $0.unit.origin == .tsv }.map(\.unit.position) == [0, 1, 2, 3, 4])
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ n: Int) { lock.withLock { total += n } }
    var value: Int { lock.withLock { total } }
}
