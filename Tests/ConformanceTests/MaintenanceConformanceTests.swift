import Foundation
import GRDB
#if SharedMemory
import Logging
import PostgresNIO
import TMPostgres
#endif
import Testing
import TMGlossary
import TMKit
import TMMemory
import TMSQLite

extension ScratchStore {
    /// Runs `sql` on the memory directly, as damage from outside TMKit would.
    func damage(_ sql: String) throws {
        switch backend {
        case .sqlite:
            try DatabaseQueue(path: location).write { try $0.execute(sql: sql) }
        case .postgres:
            #if SharedMemory
            let where_ = try PostgresLocation(url: location)
            let configuration = PostgresConnection.Configuration(host: where_.host, port: where_.port, username: where_.user,
                                                                 password: where_.password, database: where_.database, tls: .disable)
            let logger = Logger(label: "tmkit.tests")
            let connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(),
                                                            configuration: configuration, id: 1, logger: logger).wait()
            defer { try? connection.close().wait() }
            try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait()
            #endif
        }
    }

    /// Backs the memory up the way `tmkit backup` does on this backend.
    func backup(to path: String) throws {
        _ = try MemoryMaintenance.backup(location, to: path)
    }

    /// Restores a backup the way `tmkit restore` does; returns the backup's check.
    func restore(from path: String) throws -> CheckReport {
        try MemoryMaintenance.restore(location, from: path).report
    }
}

private let desk: [(String, String)] = [
    ("The ceasefire took effect at midnight.", "停火于午夜生效。"),
    ("Exports to the region doubled in two years.", "两年内对该地区的出口翻了一番。"),
    ("The museum reopens on Saturday after a long renovation.", "博物馆经过长期翻修后于周六重新开放。"),
    ("Rail fares will rise by 3% in January.", "铁路票价将于1月上涨3%。"),
]

private func importDesk(_ pairs: [(String, String)], into store: any TranslationMemoryStore) throws {
    let path = try writeTSV(pairs)
    defer { try? FileManager.default.removeItem(atPath: path) }
    _ = try FileImport(store: store, user: "desk").importFile(path, format: .tsv)
}

@Suite("Store conformance: check, backup, restore")
struct MaintenanceConformanceTests {
    @Test(arguments: Backend.available)
    func checkFindsWhatWasDamaged(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        try importDesk(desk, into: store)
        let sound = try store.check(quick: false)
        #expect(sound.ok, "\(sound.problems)")
        #expect(sound.units == 4)

        try scratch.damage("UPDATE units SET en_tokens = en_tokens + 1 WHERE id = (SELECT min(id) FROM units)")
        try scratch.damage("UPDATE units SET zh_hash = zh_hash + 1 WHERE id = (SELECT max(id) FROM units)")
        if backend == .postgres {
            // Only PostgreSQL stores the normalized sides (its trigram index needs them).
            try scratch.damage("UPDATE units SET zh_norm = 'x' WHERE id = (SELECT max(id) FROM units)")
        }
        let damaged = try scratch.open().check(quick: false)
        #expect(!damaged.ok)
        #expect(damaged.problems.contains { $0.contains("English token count is wrong") })
        #expect(damaged.problems.contains { $0.contains("stored Chinese hash does not match") })
        #expect(damaged.problems.contains { $0.contains("normalized Chinese text does not match") } == (backend == .postgres))
        // The quick form reads no units: it cannot see this kind of damage.
        #expect(try scratch.open().check(quick: true).units == 4)
    }

    @Test(arguments: Backend.available)
    func checkFindsAMissingPostingListAndTokenTexts(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        try importDesk(desk, into: try scratch.open())
        try scratch.damage("DELETE FROM postings WHERE lang = 1 AND term = (SELECT min(term) FROM postings WHERE lang = 1)")
        try scratch.damage("DELETE FROM terms WHERE lang = 0")
        let report = try scratch.open().check(quick: false)
        #expect(report.problems.contains { $0.contains("the fuzzy index holds") && $0.contains("Chinese terms") })
        #expect(report.problems.contains { $0.contains("English token of the memory has no text for concordance") })
    }

    /// A backup, more units, then the restore: the memory holds what the backup
    /// held (units, provenance, glossary) and nothing added since.
    @Test(arguments: Backend.available)
    func restoreBringsBackTheBackup(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        try importDesk(desk, into: store)
        _ = try ManualEntry.add(en: "Polls close at eight.", zh: "投票八点结束。", document: "election", user: "editor", to: store)
        _ = try store.addGlossaryEntries([GlossaryEntry(en: "ceasefire", zh: "停火", source: "manual")])
        let checksum = try MemoryChecksum.compute(store)

        let folder = NSTemporaryDirectory() + "tmkit-backup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let backup = folder + "/desk.sqlite"
        try scratch.backup(to: backup)
        #expect(throws: StoreError.self) { try scratch.backup(to: backup) }  // never overwrites
        #expect(!FileManager.default.fileExists(atPath: backup + ".partial"))

        try importDesk([("A late addition.", "后来补充的一句。")], into: store)
        #expect(try store.unitCount() == 6)
        let report = try scratch.restore(from: backup)
        #expect(report.ok && report.units == 5)

        let restored = try scratch.open()
        #expect(try MemoryChecksum.compute(restored) == checksum)
        #expect(try restored.glossaryEntries().map(\.zh) == ["停火"])
        #expect(try restored.lookup("A late addition.", language: .en, minScore: 90, limit: 1).isEmpty)
        let polls = try #require(try restored.lookup("Polls close at eight.", language: .en, minScore: 100, limit: 1).first)
        #expect(polls.target == "投票八点结束。")
        var units: [ExportedUnit] = []
        try restored.forEachUnitForExport(document: "election", since: nil, batchSize: 10) { units.append($0) }
        #expect(units.map(\.user) == ["editor"] && units.map(\.unit.origin) == [.manual])
        #expect(try restored.check(quick: false).ok)
        // The same file imported again after the restore is new to the memory.
        try importDesk([("A late addition.", "后来补充的一句。")], into: restored)
        #expect(try restored.unitCount() == 6)
    }

    @Test(arguments: Backend.available)
    func aDamagedBackupChangesNothing(_ backend: Backend) throws {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        try importDesk(desk, into: store)
        let folder = NSTemporaryDirectory() + "tmkit-backup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let backup = folder + "/desk.sqlite"
        try scratch.backup(to: backup)
        try DatabaseQueue(path: backup).write { try $0.execute(sql: "UPDATE units SET en_hash = en_hash + 1 WHERE id = (SELECT min(id) FROM units)") }

        try importDesk([("One more sentence arrives.", "又来了一句。")], into: store)
        let checksum = try MemoryChecksum.compute(store)
        let report = try scratch.restore(from: backup)
        #expect(!report.ok)
        #expect(report.problems.contains { $0.contains("hash does not match") })
        #expect(try MemoryChecksum.compute(try scratch.open()) == checksum)
    }
}
