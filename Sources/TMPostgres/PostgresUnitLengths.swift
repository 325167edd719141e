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

    func current(_ connection: PostgresConnection, _ logger: Logger) throws -> Table {
        var snapshot = lock.withLock { table }
        let rows = try connection.query("""
            SELECT id, en_tokens, zh_tokens FROM units WHERE id > \(snapshot.maxID) ORDER BY id
            """, logger: logger).wait().rows
        guard !rows.isEmpty else { return snapshot }
        for row in rows {
            let (id64, en, zh) = try row.decode((Int64, Int32, Int32).self)
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
