import Foundation
import Testing
import TMKit
import TMMemory
import TMText

private let desk: [(String, String)] = [
    ("Peking University opens a new library.", "北京大学新图书馆开放。"),
    ("The Peking opera troupe tours Europe.", "京剧团赴欧洲巡演。"),
    ("Flights to Peking were cancelled.", "飞往北京的航班被取消。"),
    ("The mayor of Shanghai visited the port.", "上海市长视察了港口。"),
]

private let author = ChangeAuthor(user: "mei", command: "test")

private func load(_ pairs: [(String, String)], into store: any TranslationMemoryStore) throws -> ImportSummary {
    let path = try writeTSV(pairs)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try FileImport(store: store, user: "desk").importFile(path, format: .tsv)
}

@Suite("Store conformance: find and replace, filters, duplicates")
struct ReplaceConformanceTests {
    @Test(arguments: Backend.available)
    func replacePreviewsThenAppliesInOneChange(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        _ = try load(desk, into: store)
        let before = try MemoryChecksum.compute(store)
        let rule = Replacement(language: .en, find: "Peking", replacement: "Beijing")

        let preview = try store.replace(rule, apply: false, by: author)
        #expect(preview.change == nil)
        #expect(preview.planned.map(\.after) == ["Beijing University opens a new library.", "The Beijing opera troupe tours Europe.",
                                                 "Flights to Beijing were cancelled."])
        #expect(try MemoryChecksum.compute(store) == before)

        let applied = try store.replace(rule, apply: true, by: author)
        let change = try #require(applied.change)
        #expect(change.kind == .replace && change.units.count == 3)
        let report = try store.check(quick: false)
        #expect(report.ok, "\(report.problems)")
        #expect(try store.concordance("Peking", language: .en, limit: 5).isEmpty)
        #expect(try store.concordance("Beijing", language: .en, limit: 5).count == 3)
        #expect(try store.lookup("Flights to Beijing were cancelled.", language: .en, minScore: 100, limit: 1).first?.target == "飞往北京的航班被取消。")

        _ = try store.revert(change: change.id, by: author)
        #expect(try MemoryChecksum.compute(store) == before)
        #expect(try store.check(quick: false).ok)
    }

    @Test(arguments: Backend.available)
    func regularExpressionsFiltersAndRefusals(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let first = try load(desk, into: store)
        let second = try load([("Peking duck is served at noon.", "北京烤鸭中午供应。")], into: store)
        let before = try MemoryChecksum.compute(store)

        // A pattern with a group, limited to the second import.
        let rule = Replacement(language: .en, find: #"Peking (\w+)"#, replacement: "Beijing $1", regularExpression: true)
        let only = try store.replace(rule, filter: UnitFilter(importID: second.importID), apply: false, by: author)
        #expect(only.planned.map(\.after) == ["Beijing duck is served at noon."])
        // Literal text on the Chinese side, limited to the first import.
        let chinese = try store.replace(Replacement(language: .zh, find: "北京", replacement: "北平"), filter: UnitFilter(importID: first.importID),
                                        apply: false, by: author)
        #expect(chinese.planned.count == 2)

        #expect(throws: MaintenanceError.self) { try store.replace(Replacement(language: .en, find: "(unclosed", replacement: "x", regularExpression: true), apply: true, by: author) }
        #expect(throws: MaintenanceError.emptyPattern) { try store.replace(Replacement(language: .en, find: "", replacement: "x"), apply: true, by: author) }
        #expect(throws: MaintenanceError.self) { try store.replace(Replacement(language: .en, find: "Atlantis", replacement: "x"), apply: true, by: author) }
        // A replacement that would empty a side refuses everything.
        #expect(throws: MaintenanceError.self) {
            try store.replace(Replacement(language: .en, find: ".*", replacement: "", regularExpression: true), apply: true, by: author)
        }
        #expect(throws: MaintenanceError.self) { try store.delete(matching: UnitFilter(document: "no such document"), apply: true, by: author) }
        #expect(throws: MaintenanceError.filterNeeded) { try store.delete(matching: UnitFilter(), apply: true, by: author) }
        #expect(try MemoryChecksum.compute(store) == before)
        #expect(try store.history(unitID: nil, limit: 5).isEmpty)

        // Delete by filter: a preview, then the units of one import.
        let preview = try store.delete(matching: UnitFilter(importID: second.importID), apply: false, by: author)
        #expect(preview.ids.count == 1 && preview.change == nil)
        _ = try store.delete(matching: UnitFilter(origins: ["tsv"], changedBy: "desk"), apply: true, by: author)
        #expect(try store.unitCount() == 0)
        #expect(try store.check(quick: false).ok)
    }

    @Test(arguments: Backend.available)
    func sameSourceDifferentTranslations(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        _ = try load(desk, into: store)
        _ = try load([("The mayor of Shanghai visited the port.", "上海市长参观了港口。"),
                      ("The mayor of Shanghai visited the harbour.", "上海市长视察了港口。")], into: store)
        let english = try store.duplicateGroups(language: .en, limit: 10)
        #expect(english.count == 1)
        #expect(english.first?.map(\.zh) == ["上海市长视察了港口。", "上海市长参观了港口。"])
        #expect(english.first?.allSatisfy { $0.importFile != nil } == true)
        let chinese = try store.duplicateGroups(language: .zh, limit: 10)
        #expect(chinese.first?.map(\.en) == ["The mayor of Shanghai visited the port.", "The mayor of Shanghai visited the harbour."])

        let keepID = try #require(english.first?.last?.id)
        let change = try store.keep(unit: keepID, language: .en, by: author)
        #expect(change.units.count == 1)
        #expect(try store.duplicateGroups(language: .en, limit: 10).isEmpty)
        #expect(try store.check(quick: false).ok)
    }

    @Test(arguments: Backend.available)
    func penaltiesLowerScoresAndSayWhy(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let first = try load(desk, into: store)
        let text = "The mayor of Shanghai visited the port."
        #expect(try store.lookup(text, language: .en, minScore: 70, limit: 1).first?.score == 100)

        try store.setPenalty(.origin("tsv"), points: 5)
        let penalised = try #require(try store.lookup(text, language: .en, minScore: 70, limit: 1).first)
        #expect(penalised.score == 95)
        #expect(penalised.penalty == 5 && penalised.penaltyReason == "origin tsv")
        try store.setPenalty(.importID(try #require(first.importID)), points: 10)
        let both = try #require(try store.lookup(text, language: .en, minScore: 70, limit: 1).first)
        #expect(both.score == 85 && both.penaltyReason == "origin tsv, import \(first.importID!)")
        // Below the minimum after the penalty: not returned.
        #expect(try store.lookup(text, language: .en, minScore: 90, limit: 1).isEmpty)
        #expect(try store.penalties().map(\.scope).sorted() == ["import:\(first.importID!)", "origin:tsv"])
        // Coverage bands follow the penalised score.
        let report = try CoverageAnalysis(memory: store, recognizer: nil).analyse(texts: [("a.txt", text, .txt)]).total
        #expect(report.bands[.good]?.segments == 1)
        #expect(report.bands[.exact]?.segments == 0)

        try store.setPenalty(.origin("tsv"), points: nil)
        try store.setPenalty(.importID(first.importID!), points: 0)
        #expect(try store.penalties().isEmpty)
        #expect(try store.lookup(text, language: .en, minScore: 70, limit: 1).first?.penalty == 0)
    }

    @Test(arguments: Backend.available)
    func lookupConcordanceAndExportTakeTheFilter(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let first = try load(desk, into: store)
        let second = try load([("Peking duck is served at noon.", "北京烤鸭中午供应。")], into: store)
        let byFirst = UnitFilter(importID: first.importID), bySecond = UnitFilter(importID: second.importID)

        let text = "Flights to Peking were cancelled."
        #expect(try store.lookup(text, language: .en, minScore: 100, limit: 5, filter: byFirst).count == 1)
        #expect(try store.lookup(text, language: .en, minScore: 100, limit: 5, filter: bySecond).isEmpty)
        #expect(try store.concordance("Peking", language: .en, limit: 10, filter: bySecond).map(\.unit.en) == ["Peking duck is served at noon."])
        #expect(try store.concordance("Peking", language: .en, limit: 10, filter: byFirst).count == 3)
        #expect(try store.concordance("Peking", language: .en, limit: 10, filter: UnitFilter(origins: ["tmx"])).isEmpty)
        var exported: [String] = []
        try store.forEachUnitForExport(filter: bySecond) { exported.append($0.unit.en) }
        #expect(exported == ["Peking duck is served at noon."])
        exported = []
        try store.forEachUnitForExport(filter: UnitFilter(changedBy: "nobody")) { exported.append($0.unit.en) }
        #expect(exported.isEmpty)
        let future = UnitFilter(changedSince: Date().addingTimeInterval(86_400))
        #expect(try store.lookup(text, language: .en, minScore: 100, limit: 5, filter: future).isEmpty)
        #expect(try store.lookup(text, language: .en, minScore: 100, limit: 5, filter: UnitFilter(changedBefore: Date().addingTimeInterval(86_400))).count == 1)
    }

    @Test func anSQLiteBackupKeepsTheHistory() throws {
        let scratch = try ScratchStore(.sqlite)
        let store = try scratch.open()
        _ = try load(desk, into: store)
        let change = try store.replace(Replacement(language: .en, find: "Peking", replacement: "Beijing"), apply: true, by: author).change
        let backup = NSTemporaryDirectory() + "tmkit-history-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: backup) }
        try scratch.backup(to: backup)
        let copy = try MemoryLocation.open(backup)
        #expect(try copy.history(unitID: nil, limit: 5).map(\.id) == [try #require(change).id])
        _ = try copy.revert(change: change!.id, by: author)
        #expect(try copy.concordance("Peking", language: .en, limit: 5).count == 3)
    }
}
