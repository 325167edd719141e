import Foundation
import GRDB
import Testing
@testable import TMSQLite
import TMMemory

/// Every unit's two sides, in id order: what must survive a failed command.
private func content(_ path: String) throws -> [String] {
    var result: [String] = []
    try SQLiteMemory(path: path, readOnly: true).forEachUnit { result.append("\($0.id)\t\($0.en)\t\($0.zh)") }
    return result
}

private func pairs(_ count: Int, from start: Int = 0) -> [(String, String)] {
    (start..<start + count).map { ("Ferry service \($0) resumes after the storm in the northern bay.", "北部海湾风暴过后，第\($0)班渡轮恢复运行。") }
}

@Suite("Storage faults", .serialized)
struct StorageFaultTests {
    @Test func fullDiskInTheMiddleOfAnImportLeavesTheMemoryAsItWas() throws {
        let path = temporaryDatabase()
        try load(SQLiteMemory(path: path), pairs(200))
        let before = try content(path)
        let pages = try SQLiteMemory(path: path).queue.read { try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }

        // Room for a few more pages only: the import runs out of space part-way.
        let limited = try SQLiteMemory(path: path, pageLimit: pages + 3)
        let error = #expect(throws: StoreError.self) { try load(limited, pairs(20_000, from: 1000)) }
        guard case .diskFull = error else { Issue.record("expected a full disk, got \(String(describing: error))"); return }
        #expect(error?.description.contains("nothing from this command was stored") == true)

        #expect(try content(path) == before)
        #expect(try SQLiteMemory(path: path).check().ok)
        // With room again, the same import goes through.
        #expect(try load(SQLiteMemory(path: path), pairs(20_000, from: 1000)).added == 20_000)
    }

    @Test func memoryFromANewerTMKitIsRefusedAndLeftAlone() throws {
        let path = temporaryDatabase()
        try load(SQLiteMemory(path: path), pairs(3))
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v9-from-a-later-version')")
        }
        func state() throws -> [String] {
            try DatabaseQueue(path: path).read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY 1")
                    + String.fetchAll(db, sql: "SELECT en || zh FROM units ORDER BY id")
                    + String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            }
        }
        let before = try state()
        for readOnly in [false, true] {
            let error = #expect(throws: StoreError.self) { _ = try SQLiteMemory(path: path, readOnly: readOnly) }
            #expect(error?.description.contains("newer TMKit") == true)
        }
        #expect(try state() == before)
    }

    @Test func writerHeldPastTheBusyTimeoutIsAClearErrorAndChangesNothing() throws {
        let path = temporaryDatabase()
        try load(SQLiteMemory(path: path), pairs(5))
        let before = try content(path)
        let holder = try DatabaseQueue(path: path)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            let started = Date()
            let error = #expect(throws: StoreError.self) {
                try load(SQLiteMemory(path: path, busyTimeout: 0.3), pairs(5, from: 100))
            }
            #expect(error?.description.contains("busy") == true, "\(String(describing: error))")
            #expect(Date().timeIntervalSince(started) >= 0.25)
        }
        #expect(try content(path) == before)
    }

    @Test func readOnlyConnectionRefusesToWrite() throws {
        let path = temporaryDatabase()
        try load(SQLiteMemory(path: path), pairs(2))
        let error = #expect(throws: StoreError.self) { try load(SQLiteMemory(path: path, readOnly: true), pairs(2, from: 50)) }
        #expect(error?.description.contains("read-only") == true)
        #expect(try content(path).count == 2)
    }

    @Test func checkFindsEachKindOfDamage() throws {
        let path = temporaryDatabase()
        try load(SQLiteMemory(path: path), pairs(30))
        #expect(try SQLiteMemory(path: path).check().ok)
        let tamper: [(String, String)] = [
            ("UPDATE units SET en = 'Changed behind TMKit''s back.' WHERE id = 3", "English hash"),
            ("UPDATE units SET zh = '  ', zh_hash = 0 WHERE id = 4", "Chinese side is empty"),
            ("DELETE FROM postings WHERE (lang, term) = (SELECT lang, term FROM postings WHERE lang = 1 LIMIT 1)", "fuzzy index"),
            ("DELETE FROM terms WHERE lang = 0", "no text for concordance"),
            ("PRAGMA foreign_keys = OFF; UPDATE units SET import_id = 999 WHERE id = 5", "missing row of imports"),
        ]
        for (sql, expected) in tamper {
            let copy = temporaryDatabase()
            try FileManager.default.createDirectory(atPath: (copy as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try SQLiteMemory(path: path).backup(to: copy)
            try DatabaseQueue(path: copy).writeWithoutTransaction { try $0.execute(sql: sql) }
            let report = try SQLiteMemory(path: copy).check()
            #expect(report.problems.contains { $0.contains(expected) }, "\(expected): \(report.problems)")
            #expect(try SQLiteMemory(path: copy).check(quick: true).ok, "the quick check reads no units")
        }
    }

    @Test func damagedPagesFailTheQuickCheck() throws {
        let path = temporaryDatabase()
        try load(SQLiteMemory(path: path), pairs(2000))
        let copy = (path as NSString).deletingLastPathComponent + "/damaged.sqlite"
        try SQLiteMemory(path: path).backup(to: copy)
        let (root, pageSize) = try DatabaseQueue(path: copy).read { db in
            (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'units_by_position'")!,
             try Int.fetchOne(db, sql: "PRAGMA page_size")!)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: copy))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 64))
        try handle.close()
        let report = try SQLiteMemory(path: copy, readOnly: true).check(quick: true)
        #expect(!report.ok)
        #expect(report.problems.allSatisfy { $0.hasPrefix("SQLite:") })
    }

    @Test func backupAndRestoreRoundTrip() throws {
        let path = temporaryDatabase()
        try load(SQLiteMemory(path: path), pairs(50))
        let folder = (path as NSString).deletingLastPathComponent
        let backup = folder + "/backup.sqlite"
        try SQLiteMemory(path: path).backup(to: backup)
        #expect(throws: StoreError.self) { try SQLiteMemory(path: path).backup(to: backup) }  // never overwrites
        let saved = try content(path)
        try load(SQLiteMemory(path: path), pairs(10, from: 500))
        #expect(try content(path).count == 60)

        let copy = try SQLiteMemory(path: backup, readOnly: true)
        #expect(try copy.check().ok)
        let aside = try SQLiteBackend().restore(path, from: copy, backupPath: backup, options: OpenOptions())
        #expect(aside == nil)
        #expect(try content(path) == saved)
        #expect(try SQLiteMemory(path: path).check().ok)
        // Lookups see the restored memory.
        #expect(try SQLiteMemory(path: path).lookup("Ferry service 7 resumes after the storm in the northern bay.", language: .en, minScore: 100, limit: 1).count == 1)
    }

    @Test func aDamagedBackupFailsItsCheck() throws {
        let path = temporaryDatabase()
        try load(SQLiteMemory(path: path), pairs(20))
        let bad = (path as NSString).deletingLastPathComponent + "/bad.sqlite"
        try SQLiteMemory(path: path).backup(to: bad)
        try DatabaseQueue(path: bad).write { try $0.execute(sql: "UPDATE units SET zh_hash = 1 WHERE id = 2") }
        try load(SQLiteMemory(path: path), pairs(5, from: 300))
        let before = try content(path)
        // The backup's own check finds the damage (`tmkit restore` then refuses it) and leaves the memory as it was.
        #expect(!(try SQLiteMemory(path: bad, readOnly: true).check().ok))
        #expect(try content(path) == before)
    }

    @Test func migrationBacksUpAnExistingMemoryFirst() throws {
        let path = temporaryDatabase()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        // A memory as the first release wrote it: only the first two migrations.
        let old = try DatabaseQueue(path: path)
        try SQLiteMemory.migrator.migrate(old, upTo: "v2-glossary")
        try old.close()

        let memory = try SQLiteMemory(path: path)
        let backup = try #require(memory.migrationBackup)
        #expect(backup.hasPrefix(path + ".before-v3-unit-positions-"))
        let applied = try DatabaseQueue(path: backup).read { try SQLiteMemory.migrator.appliedIdentifiers($0) }
        #expect(applied == ["v1-units-and-index", "v2-glossary"])
        // Opening again: nothing left to migrate, no second copy.
        #expect(try SQLiteMemory(path: path).migrationBackup == nil)
        #expect(try SQLiteMemory(path: temporaryDatabase()).migrationBackup == nil)  // a new memory needs none
    }
}

/// Posting lists as releases before v5 wrote them: little-endian 32-bit ids.
private func plainPostingList(_ ids: ArraySlice<UInt32>) -> Data {
    Data(ids.flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } })
}

/// Units as releases before v5 stored them (with their normalized sides),
/// with the postings and token texts their importer wrote.
private func insertAsOldReleases(_ db: Database, _ pairs: [(String, String)]) throws {
    try db.execute(sql: "INSERT INTO imports(file_name, format, sha256, imported_at) VALUES ('old.tsv', 'tsv', 'old', 0)")
    let importID = db.lastInsertedRowID
    try db.execute(sql: "INSERT INTO documents(name, import_id, created_at) VALUES ('old.tsv', ?, 0)", arguments: [importID])
    let documentID = db.lastInsertedRowID
    var postings = [PostingsBuilder(), PostingsBuilder()]
    var tokenTexts: [[UInt64: String]] = [[:], [:]]
    for (k, (en, zh)) in pairs.enumerated() {
        let sides = [MatchText(en), MatchText(zh)]
        try db.execute(sql: """
            INSERT INTO units(en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens, origin,
                import_id, document_id, position, created_at, changed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'tsv', ?, ?, ?, 0, 0)
            """, arguments: [en, zh, sides[0].normalized, sides[1].normalized, Int64(bitPattern: StableHash.fnv1a(en)),
                             Int64(bitPattern: StableHash.fnv1a(zh)), sides[0].count, sides[1].count, importID, documentID, k])
        let id = UInt32(db.lastInsertedRowID)
        for lang in 0..<2 {
            for term in sides[lang].termHashes { postings[lang].add(term: term, id: id) }
            for (hash, text) in zip(sides[lang].hashes, sides[lang].tokens) { tokenTexts[lang][hash] = text }
        }
    }
    for lang in 0..<2 {
        try postings[lang].forEachTerm { term, ids in
            try db.execute(sql: "INSERT INTO postings(lang, term, import_id, unit_ids) VALUES (?, ?, ?, ?)",
                           arguments: [lang, Int64(bitPattern: term), importID, plainPostingList(ids)])
        }
        for (hash, text) in tokenTexts[lang] {
            try db.execute(sql: "INSERT INTO terms(lang, hash, text) VALUES (?, ?, ?)", arguments: [lang, Int64(bitPattern: hash), text])
        }
    }
}

private let cranes = (0..<300).map { ("Harbour crane \($0) was repaired overnight.", "第\($0)号港口起重机连夜修好。") }

@Suite("Schema migrations")
struct MigrationTests {
    @Test func plainRowidMigrationKeepsEveryUnitAndItsId() throws {
        let path = temporaryDatabase()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        // A memory of the third schema, with units as that release stored them.
        let old = try DatabaseQueue(path: path)
        try SQLiteMemory.migrator.migrate(old, upTo: "v3-unit-positions")
        try old.write { try insertAsOldReleases($0, cranes) }
        let before = try old.read { try String.fetchAll($0, sql: "SELECT id || ':' || en || zh FROM units ORDER BY id") }
        #expect(try old.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_sequence WHERE name = 'units'") } == 1)
        try old.close()

        let memory = try SQLiteMemory(path: path)
        #expect(memory.migrationBackup != nil)
        let after = try memory.queue.read { try String.fetchAll($0, sql: "SELECT id || ':' || en || zh FROM units ORDER BY id") }
        #expect(after == before)
        #expect(try memory.queue.read { try String.fetchOne($0, sql: "SELECT sql FROM sqlite_master WHERE name = 'units'") }?.contains("AUTOINCREMENT") == false)
        #expect(try memory.check().ok)
        #expect(try memory.lookup("Harbour crane 42 was repaired overnight.", language: .en, minScore: 100, limit: 1).first?.target == "第42号港口起重机连夜修好。")
        // New units continue after the old ids.
        try load(memory, [("A new crane arrived.", "一台新起重机运到了。")])
        #expect(try memory.queue.read { try Int64.fetchOne($0, sql: "SELECT max(id) FROM units") } == 301)
    }

    @Test func normalizedTextMigrationKeepsUnitsIdsAndMatches() throws {
        let path = temporaryDatabase()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: path)
        try SQLiteMemory.migrator.migrate(old, upTo: "v4-units-plain-rowid")
        try old.write { try insertAsOldReleases($0, cranes) }
        let before = try old.read { try String.fetchAll($0, sql: "SELECT id || ':' || en || zh || position FROM units ORDER BY id") }
        try old.close()

        let memory = try SQLiteMemory(path: path)
        #expect(memory.migrationBackup?.hasPrefix(path + ".before-v5-units-without-normalized-text-") == true)
        let columns = try memory.queue.read { try Row.fetchAll($0, sql: "PRAGMA table_info(units)").map { $0["name"] as String } }
        #expect(!columns.contains("en_norm") && !columns.contains("zh_norm") && columns.contains("en_hash"))
        #expect(try memory.queue.read { try String.fetchAll($0, sql: "SELECT id || ':' || en || zh || position FROM units ORDER BY id") } == before)
        #expect(try memory.check().ok)
        let near = try memory.lookup("Harbour crane 42 was repaired today.", language: .en, minScore: 70, limit: 1).first
        #expect(near?.target == "第42号港口起重机连夜修好。")
        #expect(try memory.concordance("起重机连夜", language: .zh, limit: 3).count == 3)
        #expect(try memory.neighbours(of: 43, language: .en).previous == MatchText(cranes[41].0).normalized)
        // New postings (gap-encoded) join the old plain ones under the same terms.
        try load(memory, [("Harbour crane 301 was repaired overnight.", "第301号港口起重机连夜修好。")])
        #expect(try memory.check().ok)
        let both = try memory.lookup("Harbour crane 30 was repaired overnight.", language: .en, minScore: 80, limit: 2)
        #expect(Set(both.map(\.target)) == ["第30号港口起重机连夜修好。", "第301号港口起重机连夜修好。"])
    }
}