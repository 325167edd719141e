import Foundation
import Logging
import PostgresNIO
import TMMemory

/// The unit lengths (`UnitLengthTable`) of a PostgreSQL memory: loaded once, then extended with
/// the units added since and the units changed since (by the history), but
/// only when the memory's generation moved: units arrive or change only with
/// imports and recorded changes, so in between a lookup costs no query here.
final class PostgresUnitLengths: @unchecked Sendable {
    /// The table and the newest import id when it was last extended.
    struct Table {
        var lengths = UnitLengthTable()
        var generation: Int64 = -1
        /// The newest change whose units are reflected.
        var change: Int64 = 0
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
        // Units changed since (edited, deleted, put back) first: the scan below only reads new ids.
        let newest = try connection.query("SELECT coalesce(max(id), 0) FROM changes", logger: logger).wait().rows.first!.decode(Int64.self)
        if snapshot.lengths.maxID > 0 && newest > snapshot.change {
            for row in try connection.query("""
                SELECT c.unit_id, coalesce(u.en_tokens, 0), coalesce(u.zh_tokens, 0)
                FROM (SELECT DISTINCT unit_id FROM change_units WHERE change_id > \(snapshot.change)) c LEFT JOIN units u ON u.id = c.unit_id
                """, logger: logger).wait().rows {
                let (id, en, zh) = try row.decode((Int64, Int32, Int32).self)
                // A deleted unit's 0 means "unknown": lookups fetch it and find nothing.
                snapshot.lengths.set(id: id, en: Int(en), zh: Int(zh))
            }
        }
        snapshot.change = newest
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
