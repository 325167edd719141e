import Foundation
import Logging
import PostgresNIO
import TMMemory

/// The unit lengths (`UnitLengthTable`) of a PostgreSQL memory: loaded once, then extended with
/// the units added since (ids only grow), but only when the memory's import
/// generation moved: units arrive with imports alone, so between imports a
/// lookup costs no query here.
final class PostgresUnitLengths: @unchecked Sendable {
    /// The table and the newest import id when it was last extended.
    struct Table {
        var lengths = UnitLengthTable()
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
            FROM units WHERE id > \(snapshot.lengths.maxID)
            """, logger: logger).wait().rows.first,
              let (ids, enCounts, zhCounts) = try row.decode(([Int64]?, [Int32]?, [Int32]?).self) as? ([Int64], [Int32], [Int32])
        else {
            lock.withLock { table = snapshot }
            return snapshot
        }
        for k in ids.indices { snapshot.lengths.set(id: ids[k], en: Int(enCounts[k]), zh: Int(zhCounts[k])) }
        // Only this loader (under `loading`) replaces the table.
        lock.withLock { table = snapshot }
        return snapshot
    }
}
