import Foundation
import Testing
import TMKit
import TMMemory
import TMText

private let harbour: [(String, String)] = [
    ("The harbour bridge closes for repairs on Monday.", "港口大桥周一起封闭维修。"),
    ("Ticket prices at the zoo went up last spring.", "动物园门票价格去年春天上涨。"),
    ("The council approved the new cycling lanes.", "市议会批准了新的自行车道。"),
    ("Heavy snow delayed flights across the north.", "大雪导致北部各地航班延误。"),
]

private let night: [(String, String)] = [
    ("The night market reopens after the holiday.", "夜市在假期后重新开放。"),
    ("The council approved the new cycling lanes.", "市议会批准了新的自行车道。"),
    ("A new ferry links the two islands from June.", "从六月起，一艘新渡轮连接两岛。"),
]

private let editor = ChangeAuthor(user: "lin", command: "test")

private func importPairs(_ pairs: [(String, String)], into store: any TranslationMemoryStore, name: String = UUID().uuidString) throws -> ImportSummary {
    let path = try writeTSV(pairs, name: name)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try FileImport(store: store, user: "desk").importFile(path, format: .tsv)
}

private func unitID(_ store: any TranslationMemoryStore, en: String) throws -> Int64 {
    try #require(store.lookup(en, language: .en, minScore: 100, limit: 1).first?.unit.id)
}

private func expectSound(_ store: any TranslationMemoryStore, _ comment: Comment? = nil) throws {
    let report = try store.check(quick: false)
    #expect(report.ok, "\(comment?.rawValue ?? ""): \(report.problems)")
}

@Suite("Store conformance: edit, delete, undo, revert")
struct EditingConformanceTests {
    @Test(arguments: Backend.available)
    func editedTextIsFoundAndTheOldTextIsNot(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        _ = try importPairs(harbour, into: store)
        let id = try unitID(store, en: harbour[0].0)

        let change = try store.edit(unit: id, zh: "港口大桥将于周一起封闭维修。", by: editor)
        #expect(change.kind == .edit)
        #expect(change.units.first?.before?.zh == harbour[0].1)
        #expect(change.units.first?.after?.zh == "港口大桥将于周一起封闭维修。")
        try expectSound(store, "after a Chinese edit")
        let match = try #require(store.lookup(harbour[0].0, language: .en, minScore: 100, limit: 1).first)
        #expect(match.target == "港口大桥将于周一起封闭维修。")
        #expect(match.unit.version == 1)
        #expect(try store.concordance("将于周一", language: .zh, limit: 5).map(\.unit.id) == [id])

        // The English side: the old sentence is gone, the new one scores as an imported one would.
        let newEnglish = "The harbour bridge closes for repairs on Tuesday night."
        _ = try store.edit(unit: id, en: newEnglish, by: editor)
        try expectSound(store, "after an English edit")
        #expect(try store.lookup(harbour[0].0, language: .en, minScore: 100, limit: 1).isEmpty)
        #expect(try store.concordance("on Monday", language: .en, limit: 5).isEmpty)
        #expect(try store.concordance("Tuesday night", language: .en, limit: 5).map(\.unit.id) == [id])
        let query = "The harbour bridge closes for repairs on Tuesday."
        let edited = try #require(store.lookup(query, language: .en, minScore: 50, limit: 1).first)
        let freshScratch = try ScratchStore(.sqlite)
        let fresh = try freshScratch.open()
        _ = try importPairs([(newEnglish, "港口大桥将于周一起封闭维修。")], into: fresh)
        let imported = try #require(fresh.lookup(query, language: .en, minScore: 50, limit: 1).first)
        #expect(edited.unit.id == id)
        #expect(edited.score == imported.score)
        #expect(edited.differences == imported.differences)

        // Another process (a fresh open) sees the same.
        let other = try scratch.open()
        #expect(try other.lookup(newEnglish, language: .en, minScore: 100, limit: 1).first?.unit.id == id)
        #expect(try store.history(unitID: id, limit: 10).map(\.kind) == [.edit, .edit])
    }

    @Test(arguments: Backend.available)
    func badEditsChangeNothing(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        _ = try importPairs(harbour, into: store)
        let id = try unitID(store, en: harbour[1].0)
        let before = try MemoryChecksum.compute(store)

        #expect(throws: MaintenanceError.emptySide(unit: id, language: "Chinese")) { try store.edit(unit: id, zh: "  \n", by: editor) }
        #expect(throws: MaintenanceError.emptySide(unit: id, language: "English")) { try store.edit(unit: id, en: "", by: editor) }
        #expect(throws: MaintenanceError.unknownUnit(9_999)) { try store.edit(unit: 9_999, zh: "新的", by: editor) }
        #expect(throws: MaintenanceError.unknownUnit(9_999)) { try store.delete(units: [id, 9_999], by: editor) }
        #expect(throws: MaintenanceError.nothingToChange(unit: id)) { try store.edit(unit: id, zh: harbour[1].1, by: editor) }
        #expect(throws: MaintenanceError.unknownChange(42)) { try store.revert(change: 42, by: editor) }
        #expect(throws: MaintenanceError.unknownImport(42)) { try store.undoImport(42, by: editor) }
        #expect(try MemoryChecksum.compute(store) == before)
        #expect(try store.history(unitID: nil, limit: 10).isEmpty)

        // Two translators edit version 0: the second is refused with the version now stored.
        _ = try store.edit(unit: id, zh: "动物园门票去年春天涨价了。", ifVersion: 0, by: editor)
        #expect(throws: MaintenanceError.versionConflict(unit: id, expected: 0, current: 1)) {
            try store.edit(unit: id, zh: "动物园的门票去年春天涨价。", ifVersion: 0, by: ChangeAuthor(user: "wang", command: "test"))
        }
        #expect(try store.unit(id)?.zh == "动物园门票去年春天涨价了。")
        try expectSound(store)
    }

    @Test(arguments: Backend.available)
    func editingIntoAStoredPairMergesAndRevertSplits(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        _ = try importPairs(harbour, into: store)
        _ = try importPairs([("The council approved new cycling lanes.", "市议会批准了新的自行车道。")], into: store)
        let before = try MemoryChecksum.compute(store)
        let kept = try unitID(store, en: harbour[2].0)
        let gone = try unitID(store, en: "The council approved new cycling lanes.")

        let change = try store.edit(unit: gone, en: harbour[2].0, by: editor)
        #expect(change.kind == .merge)
        #expect(try store.unitCount() == 4)
        #expect(try store.unit(gone) == nil)
        let survivor = try #require(try store.unit(kept))
        #expect(survivor.version == 1)
        var provenance: [String: String] = [:]
        try store.forEachUnitForExport { if $0.unit.id == kept { provenance = $0.provenance } }
        #expect(provenance["merged-\(gone)"]?.contains("origin=tsv") == true)
        try expectSound(store, "after a merge")

        _ = try store.revert(change: change.id, by: editor)
        try expectSound(store, "after reverting the merge")
        #expect(try MemoryChecksum.compute(store) == before)
        #expect(try store.unit(gone)?.en == "The council approved new cycling lanes.")
        // Undoing the second import now removes only its own unit.
        #expect(try store.history(unitID: kept, limit: 5).map(\.kind) == [.revert, .merge])
    }

    @Test(arguments: Backend.available)
    func deletedUnitsAreGoneEverywhereAndRevertBringsThemBack(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        _ = try importPairs(harbour, into: store)
        let before = try MemoryChecksum.compute(store)
        let snow = try unitID(store, en: harbour[3].0)
        let zoo = try unitID(store, en: harbour[1].0)

        let change = try store.delete(units: [snow, zoo], by: editor)
        #expect(change.units.count == 2)
        try expectSound(store, "after a delete")
        #expect(try store.lookup(harbour[3].0, language: .en, minScore: 50, limit: 5).isEmpty)
        #expect(try store.lookup(harbour[1].1, language: .zh, minScore: 50, limit: 5).isEmpty)
        #expect(try store.concordance("大雪", language: nil, limit: 5).isEmpty)
        #expect(try store.stats().units == 2)
        var exported: [Int64] = []
        try store.forEachUnitForExport { exported.append($0.unit.id) }
        #expect(!exported.contains(snow) && !exported.contains(zoo) && exported.count == 2)

        let revert = try store.revert(change: change.id, by: editor)
        #expect(revert.kind == .revert && revert.revertOf == change.id)
        try expectSound(store, "after reverting the delete")
        #expect(try MemoryChecksum.compute(store) == before)
        #expect(try store.lookup(harbour[3].0, language: .en, minScore: 100, limit: 1).first?.unit.id == snow)
        #expect(throws: MaintenanceError.alreadyReverted(change: change.id, by: revert.id)) { try store.revert(change: change.id, by: editor) }
        // Reverting the revert deletes them again.
        _ = try store.revert(change: revert.id, by: editor)
        #expect(try store.stats().units == 2)
        try expectSound(store, "after reverting the revert")
    }

    @Test(arguments: Backend.available)
    func revertRefusesWhenTheUnitChangedSince(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        _ = try importPairs(harbour, into: store)
        let id = try unitID(store, en: harbour[0].0)
        let first = try store.edit(unit: id, zh: "港口大桥周一封闭维修。", by: editor)
        let second = try store.edit(unit: id, zh: "港口大桥自周一起封闭维修。", by: editor)
        #expect(throws: MaintenanceError.self) { try store.revert(change: first.id, by: editor) }
        _ = try store.revert(change: second.id, by: editor)
        _ = try store.revert(change: first.id, by: editor)
        #expect(try store.unit(id)?.zh == harbour[0].1)
        try expectSound(store)
    }

    @Test(arguments: Backend.available)
    func undoingAnImportRestoresTheMemoryBeforeIt(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        _ = try importPairs(harbour, into: store)
        let before = try MemoryChecksum.compute(store)
        let second = try importPairs(night, into: store, name: "night-desk")
        #expect(second.added == 2 && second.duplicates == 1)
        let importID = try #require(second.importID)

        let undo = try store.undoImport(importID, by: editor)
        #expect(undo.removed == 2)
        #expect(undo.keptEdited.isEmpty)
        try expectSound(store, "after the undo")
        #expect(try MemoryChecksum.compute(store) == before)
        let listed = try #require(try store.imports().first { $0.id == importID })
        #expect(listed.undoneAt != nil && listed.undoneBy == "lin" && listed.added == 2 && listed.unitsNow == 0)
        #expect(try store.stats().imports == 1)
        #expect(throws: MaintenanceError.importAlreadyUndone(importID)) { try store.undoImport(importID, by: editor) }

        // The same file can come in again, and the revert of the undo is then refused.
        let again = try importPairs(night, into: store, name: "night-desk")
        #expect(!again.alreadyImported && again.added == 2)
        #expect(throws: MaintenanceError.self) { try store.revert(change: undo.change.id, by: editor) }
        try expectSound(store, "after importing the file again")
    }

    @Test(arguments: Backend.available)
    func undoKeepsPairsAnotherImportBroughtAndEditedUnits(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let first = try importPairs(harbour, into: store)
        _ = try importPairs(night, into: store)
        let edited = try unitID(store, en: harbour[0].0)
        _ = try store.edit(unit: edited, zh: "港口大桥周一封闭维修。", by: editor)
        let shared = try unitID(store, en: harbour[2].0)

        let undo = try store.undoImport(try #require(first.importID), by: editor)
        #expect(undo.removed == 2)
        #expect(undo.refiled == 1)
        #expect(undo.keptEdited == [edited])
        #expect(try store.unit(shared)?.importFile != nil)
        #expect(try store.unit(edited) != nil)
        try expectSound(store, "after the undo")

        // Reverting the undo puts everything back, the import in force again.
        _ = try store.revert(change: undo.change.id, by: editor)
        try expectSound(store, "after reverting the undo")
        #expect(try store.unitCount() == 6)
        #expect(try store.imports().allSatisfy { $0.undoneAt == nil })

        // Forced, the edited unit goes too.
        let forced = try store.undoImport(try #require(first.importID), force: true, by: editor)
        #expect(forced.removed == 3 && forced.keptEdited.isEmpty)
        try expectSound(store, "after a forced undo")
    }

    @Test(arguments: Backend.available)
    func aRevertedEditIsNoEditAndAForcedUndoFinishesTheJob(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        _ = try importPairs(harbour, into: store)
        let before = try MemoryChecksum.compute(store)
        let second = try importPairs(night, into: store)
        let market = try unitID(store, en: night[0].0)
        let ferry = try unitID(store, en: night[2].0)
        let deleted = try store.delete(units: [market], by: editor)
        _ = try store.revert(change: deleted.id, by: editor)
        _ = try store.edit(unit: ferry, zh: "六月起，新渡轮连接两座岛屿。", by: editor)

        let importID = try #require(second.importID)
        let undo = try store.undoImport(importID, by: editor)
        #expect(undo.removed == 1)
        #expect(undo.keptEdited == [ferry])
        let forced = try store.undoImport(importID, force: true, by: editor)
        #expect(forced.removed == 1)
        try expectSound(store)
        #expect(try MemoryChecksum.compute(store) == before)
    }

    @Test(arguments: Backend.available)
    func editsOfUnitsWithCommonWordsKeepTheLongListsExact(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let bulletins = (1...20_000).map { n in ("Bulletin \(n) from the weather desk reports rain.", "气象台第\(n)号公报报告有雨。") }
        _ = try importPairs(bulletins, into: store)
        let ids = try (0..<6).map { try unitID(store, en: bulletins[$0 * 3_000].0) }
        let deleted = try store.delete(units: [ids[0], ids[1]], by: editor)
        _ = try store.edit(unit: ids[2], en: "Bulletin 6001 from a weather desk reports snow.", by: editor)
        let undone = try store.edit(unit: ids[3], zh: "气象台第9001号公报：有雪。", by: editor)
        _ = try store.revert(change: undone.id, by: editor)
        _ = try store.revert(change: deleted.id, by: editor)
        _ = try store.delete(units: [ids[4]], by: editor)
        try expectSound(store, "after edits of units in long lists")
        #expect(try store.unitCount() == 19_999)
        #expect(try store.unit(ids[4]) == nil)
        #expect(try store.concordance("a weather desk", language: .en, limit: 5).map(\.unit.id) == [ids[2]])
        #expect(try store.lookup(bulletins[6_000].0, language: .en, minScore: 100, limit: 1).isEmpty)
        #expect(try store.lookup(bulletins[0].0, language: .en, minScore: 100, limit: 1).first?.unit.id == ids[0])
        #expect(try store.lookup(bulletins[9_000].1, language: .zh, minScore: 100, limit: 1).first?.unit.id == ids[3])
        #expect(try store.lookup(bulletins[12_000].0, language: .en, minScore: 100, limit: 1).isEmpty)
        // A later import folds the long lists' pending changes into its merge, or adds to them.
        _ = try importPairs([("The weather desk reports fog.", "气象台报告有雾。")], into: store)
        try expectSound(store, "after an import on top")
        // Undoing the newest import leaves its ids pending removal from the long lists, above every unit left.
        let late = try importPairs((1...500).map { ("Late bulletin \($0) from the weather desk reports hail.", "气象台第\($0)号晚间公报报告有冰雹。") }, into: store)
        let undo = try store.undoImport(try #require(late.importID), by: editor)
        #expect(undo.removed == 500)
        try expectSound(store, "after undoing the newest import")
    }

    @Test(arguments: Backend.available)
    func aMemoryWithAHistoryIsBackedUpAndRestored(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        _ = try importPairs(harbour, into: store)
        _ = try importPairs(night, into: store)  // brings one pair again: recorded as its second import
        _ = try store.delete(units: [try unitID(store, en: night[0].0)], by: editor)
        let before = try MemoryChecksum.compute(store)
        let backup = NSTemporaryDirectory() + "tmkit-edited-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: backup) }
        try scratch.backup(to: backup)
        _ = try store.edit(unit: try unitID(store, en: harbour[0].0), zh: "港口大桥周一封闭。", by: editor)
        let report = try scratch.restore(from: backup)
        #expect(report.ok, "\(report.problems)")
        let restored = try scratch.open()
        try expectSound(restored, "after the restore")
        #expect(try MemoryChecksum.compute(restored) == before)
    }

    @Test(arguments: Backend.available)
    func theHistoryTravelsWithACopyAndCanBeRevertedThere(_ backend: Backend) throws {
        let home = try ScratchStore(.sqlite), away = try ScratchStore(backend)
        let source = try home.open()
        _ = try importPairs(harbour, into: source)
        let edited = try unitID(source, en: harbour[0].0)
        _ = try source.edit(unit: edited, zh: "港口大桥周一封闭。", by: editor)
        _ = try source.delete(units: [try unitID(source, en: harbour[3].0)], by: editor)
        let target = try away.open()
        _ = try MemoryCopy(from: source, to: target, sourceName: home.location).run()
        #expect(try HistoryCopy.run(from: source, to: target) == 2)
        #expect(try HistoryCopy.run(from: source, to: target) == 0, "a copy run again does not copy the history twice")
        let history = try target.history(unitID: nil, limit: 10)
        #expect(history.map(\.kind) == [.delete, .edit])
        #expect(history.map(\.user) == ["lin", "lin"])
        // Both changes can be reverted in the copy: the deleted unit comes back under an id of its own.
        for change in history { _ = try target.revert(change: change.id, by: editor) }
        try expectSound(target, "after reverting copied changes")
        #expect(try target.lookup(harbour[0].0, language: .en, minScore: 100, limit: 1).first?.target == harbour[0].1)
        #expect(try target.lookup(harbour[3].0, language: .en, minScore: 100, limit: 1).count == 1)
        #expect(try target.unitCount() == 4)
        // A backup of the copy (on PostgreSQL, written unit by unit) keeps the history too.
        let backup = NSTemporaryDirectory() + "tmkit-history-copy-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: backup) }
        try away.backup(to: backup)
        #expect(try MemoryLocation.open(backup).history(unitID: nil, limit: 10).count == 4)
    }

    @Test(arguments: Backend.available)
    func aDeletedUnitsIdIsNotGivenToANewUnit(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        _ = try importPairs(harbour, into: store)
        let last = try unitID(store, en: harbour[3].0)
        let change = try store.delete(units: [last], by: editor)
        _ = try importPairs(night, into: store)
        #expect(try store.unit(last) == nil)
        var ids: [Int64] = []
        try store.forEachUnitForExport { ids.append($0.unit.id) }
        #expect(ids.allSatisfy { $0 != last })
        _ = try store.revert(change: change.id, by: editor)
        #expect(try store.unit(last)?.en == harbour[3].0)
        try expectSound(store)
    }
}
