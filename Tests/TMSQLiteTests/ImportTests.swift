import Foundation
import GRDB
import Testing
@testable import TMSQLite
import TMMemory

@Suite("Memory: imports")
struct ImportTests {
    @Test func samePairIsStoredOnce() throws {
        let store = try SQLiteMemory()
        let first = try load(store, [("Cloud revenue rose.", "云收入增长。"), ("Cloud revenue rose.", "云收入增长。")])
        #expect(first.added == 1)
        #expect(first.duplicates == 1)
        let second = try load(store, [("Cloud revenue rose.", "云收入增长。"), ("Chips sold out.", "芯片售罄。")])
        #expect(second.added == 1)
        #expect(second.duplicates == 1)
        #expect(try store.unitCount() == 2)
    }

    /// Copies of a pair a few rows apart and pairs stored by an earlier import
    /// are skipped without shifting anything: every new unit keeps its own id,
    /// postings and place in the file.
    @Test func skippedCopiesLeaveEveryOtherUnitRight() throws {
        let store = try SQLiteMemory()
        let early = (0..<10).map { ("Early note \($0) on chip exports.", "关于芯片出口的早期说明\($0)。") }
        try load(store, early)
        var pairs: [(String, String)] = []
        for k in 0..<200 {
            if k % 11 == 5 {
                pairs.append(early[k % 10])
            } else if k % 7 == 6 {
                pairs.append(pairs[k - 3])
            } else {
                pairs.append(("Line \(k) on cloud revenue and chip sales.", "第\(k)行：云收入和芯片销量。"))
            }
        }
        let summary = try store.importUnits(from: ImportSource(fileName: "mixed", format: "tsv", sha256: "mixed")) { sink in
            for pair in pairs { try sink.add(TranslationUnit(en: pair.0, zh: pair.1, origin: .tsv)) }
        }
        let stored = Set(early.map { $0.0 + "\t" + $0.1 })
        var firstPlace: [String: Int] = [:]
        for (k, pair) in pairs.enumerated() where !stored.contains(pair.0 + "\t" + pair.1) {
            firstPlace[pair.0 + "\t" + pair.1] = firstPlace[pair.0 + "\t" + pair.1] ?? k
        }
        #expect(summary.added == firstPlace.count)
        #expect(summary.duplicates == pairs.count - firstPlace.count)
        #expect(try store.check().ok)
        for (en, zh) in pairs {
            let top = try store.lookup(en, language: .en, minScore: 100, limit: 1).first
            #expect(top?.target == zh, "\(en)")
            if let place = firstPlace[en + "\t" + zh] { #expect(top?.unit.position == place, "\(en)") }
        }
    }

    /// An import turns SQLite's foreign-key checks off for its own rows only:
    /// the writing connection has them back afterwards, failed import or not.
    @Test func foreignKeysAreEnforcedAgainAfterAnImport() throws {
        let store = try SQLiteMemory(path: temporaryDatabase())
        try load(store, [("Kept.", "保留。")])
        #expect(throws: ProduceFailure.self) {
            try store.importUnits(from: ImportSource(fileName: "bad", format: "tsv", sha256: "bad")) { _ in throw ProduceFailure() }
        }
        try store.queue.write { db in
            let enforced = try Bool.fetchOne(db, sql: "PRAGMA foreign_keys")
            #expect(enforced == true)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO units(en, zh, en_hash, zh_hash, en_tokens, zh_tokens, origin, import_id, created_at, changed_at)
                    VALUES ('a', 'b', 1, 2, 1, 1, 'tsv', 999, 0, 0)
                    """)
            }
        }
        #expect(try store.check().ok)
    }

    @Test func theSameFileTwiceChangesNothing() throws {
        let store = try SQLiteMemory()
        let first = try load(store, [("One.", "一。")], name: "same-file")
        let again = try load(store, [("One.", "一。"), ("Two.", "二。")], name: "same-file")
        #expect(first.added == 1)
        #expect(again.alreadyImported)
        #expect(again.importID == first.importID)
        #expect(try store.unitCount() == 1)
        #expect(try store.stats().imports == 1)
    }

    @Test func aFailedImportStoresNothing() throws {
        let store = try SQLiteMemory()
        try load(store, [("Kept.", "保留。")])
        #expect(throws: ProduceFailure.self) {
            try store.importUnits(from: ImportSource(fileName: "bad", format: "tsv", sha256: "bad")) { sink in
                try sink.add(TranslationUnit(en: "Lost.", zh: "丢失。", origin: .tsv))
                throw ProduceFailure()
            }
        }
        #expect(try store.unitCount() == 1)
        #expect(try store.stats().imports == 1)
        #expect(try store.lookup("Lost.", language: .en, minScore: 50, limit: 5).isEmpty)
        // The same file can be imported once it is fixed.
        let retry = try load(store, [("Lost.", "丢失。")], name: "bad")
        #expect(retry.added == 1)
    }

    @Test func statsCountUnitsDocumentsAndOrigins() throws {
        let store = try SQLiteMemory()
        try load(store, [("A.", "甲。"), ("B.", "乙。")], origin: .tmx)
        try load(store, [("C.", "丙。")], origin: .xliff)
        let stats = try store.stats()
        #expect(stats.units == 3)
        #expect(stats.documents == 2)
        #expect(stats.unitsByOrigin == ["tmx": 2, "xliff": 1])
    }

    @Test func fileIsCreatedInWALModeAndReopens() throws {
        let path = temporaryDatabase()
        do {
            let store = try SQLiteMemory(path: path)
            try load(store, [("Saved.", "已保存。")])
        }
        let reopened = try SQLiteMemory(path: path)
        #expect(try reopened.unitCount() == 1)
        let mode = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func aMemoryFromANewerVersionIsRefused() throws {
        let path = temporaryDatabase()
        _ = try SQLiteMemory(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: StoreError.self) { try SQLiteMemory(path: path) }
    }

    @Test func twoWritersAtOnceLoseNothing() throws {
        let path = temporaryDatabase()
        _ = try SQLiteMemory(path: path)
        let pairsA = (0..<400).map { ("Sentence number \($0) from desk A.", "A组第\($0)句。") }
        let pairsB = (0..<400).map { ("Sentence number \($0) from desk B.", "B组第\($0)句。") }
        let shared = (0..<100).map { ("Shared sentence \($0).", "共享第\($0)句。") }
        let errors = ErrorBox()
        let group = DispatchGroup()
        for (k, pairs) in [pairsA + shared, pairsB + shared].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                do {
                    // Separate connections, as two processes would have.
                    let store = try SQLiteMemory(path: path)
                    for start in stride(from: 0, to: pairs.count, by: 50) {
                        try load(store, Array(pairs[start..<min(start + 50, pairs.count)]), name: "writer\(k)-\(start)")
                    }
                } catch {
                    errors.add(error)
                }
            }
        }
        group.wait()
        #expect(errors.isEmpty)
        #expect(try SQLiteMemory(path: path).unitCount() == 900)
    }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func add(_ e: Error) { lock.lock(); errors.append(e); lock.unlock() }
    var isEmpty: Bool { lock.lock(); defer { lock.unlock() }; return errors.isEmpty }
}
