import Foundation
import Logging
import PostgresNIO

/// Token counts of every unit, kept in memory for the count filter's exact
/// bounds (as `UnitLengths` does on SQLite): loaded once, then extended with
/// the units added since (ids only grow), but only when the memory's import
/// generation moved: units arrive with imports alone, so between imports a
/// lookup costs no query here. Counts above 255 are stored as 255.
final class PostgresUnitLengths: @unchecked Sendable {
    struct Table {
        var en: [UInt8] = []
        var zh: [UInt8] = []
        var maxID: Int64 = 0
        /// The newest import id when the table was last extended.
        var generation: Int64 = -1
    }

    private let lock = NSLock()
    private var table = Table()
    /// One reader at a time: lookups arriving together while a million rows
    /// load wait for that load instead of each starting their own.
    private let loading = NSLock()

    /// The table as of import `generation` (the newest import id the caller's query saw).
    func current(_ connection: PostgresConnection, _ logger: Logger, generation: Int64) throws -> Table {
        if let ready = lock.withLock({ table.generation >= generation ? table : nil }) { return ready }
        loading.lock()
        defer { loading.unlock() }
        var snapshot = lock.withLock { table }
        if snapshot.generation >= generation { return snapshot }
        snapshot.generation = generation
        // Three arrays in one row: far cheaper to decode than a row per unit.
        guard let row = try connection.query("""
            SELECT array_agg(id ORDER BY id), array_agg(en_tokens ORDER BY id), array_agg(zh_tokens ORDER BY id)
            FROM units WHERE id > \(snapshot.maxID)
            """, logger: logger).wait().rows.first,
              let (ids, enCounts, zhCounts) = try row.decode(([Int64]?, [Int32]?, [Int32]?).self) as? ([Int64], [Int32], [Int32])
        else {
            lock.withLock { table = snapshot }
            return snapshot
        }
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
        // Only this loader (under `loading`) replaces the table.
        lock.withLock { table = snapshot }
        return snapshot
    }
}
