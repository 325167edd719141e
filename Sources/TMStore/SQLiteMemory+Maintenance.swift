import Foundation
import GRDB
import TMText

/// What `check` found: problems in words, none when the memory is sound.
public struct CheckReport: Sendable, Codable, Equatable {
    public var quick: Bool
    public var units: Int
    public var problems: [String]
    public var ok: Bool { problems.isEmpty }

    public init(quick: Bool, units: Int, problems: [String]) {
        self.quick = quick
        self.units = units
        self.problems = problems
    }
}

extension SQLiteMemory {
    /// Problems listed per kind before the rest are counted only.
    static let problemsPerKind = 10

    /// SQLite's integrity check (`quick`: its quick form, plus nothing that
    /// reads every unit), then TMKit's own invariants: every unit has both
    /// sides; stored hashes and normalized text agree with the text; every
    /// unit is in the fuzzy index once per term, and nothing else is; every
    /// token has its text for concordance; provenance points at existing
    /// imports and documents. Runs in one read transaction: a consistent
    /// snapshot while other processes write.
    public func check(quick: Bool = false) throws -> CheckReport {
        try mapped {
            try queue.read { db in
                var report = CheckReport(quick: quick, units: 0, problems: [])
                let pragma = quick ? "PRAGMA quick_check" : "PRAGMA integrity_check"
                let sqlite = try String.fetchAll(db, sql: pragma)
                if sqlite != ["ok"] {
                    report.problems += sqlite.prefix(SQLiteMemory.problemsPerKind).map { "SQLite: \($0)" }
                    return report  // the invariants below would read damaged pages
                }
                report.units = try Int.fetchOne(db, sql: "SELECT count(*) FROM units") ?? 0
                if quick { return report }
                try checkReferences(db, into: &report)
                try checkUnitsAndIndex(db, into: &report)
                return report
            }
        }
    }

    private func checkReferences(_ db: Database, into report: inout CheckReport) throws {
        var broken = 0
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
            broken += 1
            if broken <= SQLiteMemory.problemsPerKind {
                report.problems.append("\(row[0] as String) row \(row[1] as Int64? ?? -1) points at a missing row of \(row[2] as String)")
            }
        }
        if broken > SQLiteMemory.problemsPerKind { report.problems.append("… \(broken) broken references in all") }
    }

    /// Recomputes every unit's hashes, normalized text and index terms and
    /// compares them with what is stored. The index is compared through
    /// per-unit counts and an order-independent checksum of (term, unit) pairs.
    private func checkUnitsAndIndex(_ db: Database, into report: inout CheckReport) throws {
        let maxID = try Int.fetchOne(db, sql: "SELECT max(id) FROM units") ?? 0
        var expected = [[UInt16]](repeating: [UInt16](repeating: 0, count: maxID + 1), count: 2)
        var expectedSum: [UInt64] = [0, 0]
        var tokens = [HashSet64(), HashSet64()]
        var counts: [String: Int] = [:]
        func problem(_ kind: String, _ text: @autoclosure () -> String) {
            counts[kind, default: 0] += 1
            if counts[kind]! <= SQLiteMemory.problemsPerKind { report.problems.append(text()) }
        }

        let units = try Row.fetchCursor(db, sql: "SELECT id, en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens FROM units")
        while let row = try units.next() {
            let id: Int = row[0]
            for lang in 0..<2 {
                let text: String = row[1 + lang]
                let name = lang == 0 ? "English" : "Chinese"
                if text.allSatisfy(\.isWhitespace) { problem("empty", "unit \(id): the \(name) side is empty") }
                if Int64(bitPattern: StableHash.fnv1a(text)) != row[5 + lang] as Int64 {
                    problem("hash", "unit \(id): the stored \(name) hash does not match its text")
                }
                let match = MatchText(text)
                if match.normalized != row[3 + lang] as String {
                    problem("normalized", "unit \(id): the stored normalized \(name) text does not match its text")
                }
                if match.count != row[7 + lang] as Int { problem("tokens", "unit \(id): the stored \(name) token count is wrong") }
                for term in match.termHashes { expectedSum[lang] &+= SQLiteMemory.pairChecksum(term, UInt32(truncatingIfNeeded: id)) }
                expected[lang][id] = UInt16(clamping: match.count)
                for hash in match.hashes { tokens[lang].insert(hash) }
            }
        }

        var indexedSum: [UInt64] = [0, 0]
        var indexed = [[UInt16]](repeating: [UInt16](repeating: 0, count: maxID + 1), count: 2)
        let postings = try Row.fetchCursor(db, sql: "SELECT lang, term, unit_ids FROM postings")
        while let row = try postings.next() {
            let lang: Int = row[0]
            guard lang == 0 || lang == 1 else { problem("index", "the fuzzy index has a row for an unknown language \(lang)"); continue }
            let term = UInt64(bitPattern: row[1] as Int64)
            for id in PostingList.decode(row[2] as Data) {
                guard Int(id) <= maxID else { problem("index", "the fuzzy index lists unit \(id), which does not exist"); continue }
                indexed[lang][Int(id)] &+= 1
                indexedSum[lang] &+= SQLiteMemory.pairChecksum(term, id)
            }
        }
        for lang in 0..<2 {
            for id in 0...maxID where indexed[lang][id] != expected[lang][id] {
                problem("index", "unit \(id): the fuzzy index holds \(indexed[lang][id]) \(lang == 0 ? "English" : "Chinese") terms, its text has \(expected[lang][id])")
            }
            if indexedSum[lang] != expectedSum[lang] && counts["index"] == nil {
                problem("index", "the \(lang == 0 ? "English" : "Chinese") fuzzy index files terms under the wrong units")
            }
        }

        var known = [HashSet64(), HashSet64()]
        for row in try Row.fetchAll(db, sql: "SELECT lang, hash FROM terms") where (0...1).contains(row[0] as Int) {
            known[row[0] as Int].insert(UInt64(bitPattern: row[1] as Int64))
        }
        for lang in 0..<2 {
            tokens[lang].forEach { hash in
                if !known[lang].contains(hash) { problem("terms", "a \(lang == 0 ? "English" : "Chinese") token of the memory has no text for concordance") }
            }
        }
        for (kind, count) in counts.sorted(by: { $0.key < $1.key }) where count > SQLiteMemory.problemsPerKind {
            report.problems.append("… \(count) problems of this kind (\(kind)) in all")
        }
    }

    /// A well-mixed value for one (term, unit) pair; summed, order does not matter.
    static func pairChecksum(_ term: UInt64, _ unit: UInt32) -> UInt64 {
        var h = term ^ (UInt64(unit) &* 0x9E37_79B9_7F4A_7C15)
        h ^= h >> 31
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 29
        return h
    }

    // MARK: - Backup and restore

    /// Writes a consistent copy of the memory to `destination` (SQLite's
    /// `VACUUM INTO`: a snapshot taken in one read transaction, so other
    /// processes may keep writing). Refuses to overwrite an existing file.
    public func backup(to destination: String) throws {
        if FileManager.default.fileExists(atPath: destination) {
            throw StoreError.cannotOpen(path: destination, reason: "the file exists; choose a new name for the backup")
        }
        try mapped {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [destination])
            }
        }
    }

    /// What a restore did: the backup's check, and where a memory too
    /// damaged to open was moved aside.
    public struct RestoreResult: Sendable {
        public var report: CheckReport
        public var movedAside: String?
    }

    /// Replaces the memory at `path` with the memory in `source`, after
    /// checking `source` in full (nothing changes when it fails). SQLite's
    /// online backup copies the pages under the memory's write lock: other
    /// processes see the old memory or the new one, never a mix. A memory too
    /// damaged to open is moved aside first.
    public static func restore(from source: String, to path: String, busyTimeout: TimeInterval = busyTimeout) throws -> RestoreResult {
        let original = try SQLiteMemory(path: source, readOnly: true)
        let report = try original.check()
        guard report.ok else { return RestoreResult(report: report, movedAside: nil) }
        var movedAside: String?
        let target: SQLiteMemory
        do {
            target = try SQLiteMemory(path: path, busyTimeout: busyTimeout)
        } catch let error as StoreError where error.isDamage && FileManager.default.fileExists(atPath: path) {
            let aside = "\(path).damaged-\(Int(Date().timeIntervalSince1970))"
            try FileManager.default.moveItem(atPath: path, toPath: aside)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            movedAside = aside
            target = try SQLiteMemory(path: path, busyTimeout: busyTimeout)
        }
        try target.mapped { try original.queue.backup(to: target.queue) }
        return RestoreResult(report: report, movedAside: movedAside)
    }
}

extension StoreError {
    /// The file is there but not a sound memory.
    var isDamage: Bool {
        switch self {
        case .damaged, .cannotOpen: return true
        default: return false
        }
    }
}
