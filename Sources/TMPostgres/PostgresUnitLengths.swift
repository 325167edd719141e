import Foundation
import Logging
import PostgresNIO

/// Token counts of every unit, kept in memory for the count filter's exact
/// bounds (as `UnitLengths` does on SQLite): loaded once, then extended with
/// the units added since (ids only grow). Counts above 255 are stored as 255.
final class PostgresUnitLengths: @unchecked Sendable {
    struct Table {
        var en: [UInt8] = []
        var zh: [UInt8] = []
        var maxID: Int64 = 0
    }

    private let lock = NSLock()
    private var table = Table()
    /// One reader at a time: lookups arriving together while a million rows
    /// load wait for that load instead of each starting their own.
    private let loading = NSLock()

    func current(_ connection: PostgresConnection, _ logger: Logger) throws -> Table {
        loading.lock()
        defer { loading.unlock() }
        var snapshot = lock.withLock { table }
        // Three arrays in one row: far cheaper to decode than a row per unit.
        guard let row = try connection.query("""
            SELECT array_agg(id ORDER BY id), array_agg(en_tokens ORDER BY id), array_agg(zh_tokens ORDER BY id)
            FROM units WHERE id > \(snapshot.maxID)
            """, logger: logger).wait().rows.first,
              let (ids, enCounts, zhCounts) = try row.decode(([Int64]?, [Int32]?, [Int32]?).self) as? ([Int64], [Int32], [Int32])
        else { return snapshot }
        for k in ids.indices {
            let id64 = ids[k], en = enCounts[k], zh = zhCounts[k]
            let id = Int(id64)
            if id >= snapshot.en.count {
                let size = max(id + 1, snapshot.en.count * 2, 1024)
                snapshot.en += [UInt8](repeating: 0, count: size - snapshot.en.count)
                snapshot.zh += [UInt8](repeating: 0, count: size - snapshot.zh.count)
            }
            snapshot.en[id] = UInt8(min(255, en))
            snapshot.zh[id] = UInt8(min(255, zh))
            snapshot.maxID = max(snapshot.maxID, id64)
        }
        lock.withLock { if snapshot.maxID > table.maxID { table = snapshot } }
        return snapshot
    }
}
