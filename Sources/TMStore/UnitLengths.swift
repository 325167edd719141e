import Foundation
import GRDB
import Synchronization

/// Token counts of every unit (both sides), kept in memory per open memory.
/// With a unit's length known before its row is read, the count filter can
/// use the exact bound score ≤ 100 × shared / max(m, n) and the length
/// window |m − n| ≤ allowed distance, so far fewer rows are fetched.
///
/// Loaded once (a sequential scan of two integer columns), then extended with
/// units added since; `PRAGMA data_version` tells when another connection
/// has written. Counts above 255 are stored as 255, which only loosens the bounds.
final class UnitLengths: Sendable {
    struct Table {
        var en: [UInt8] = []
        var zh: [UInt8] = []
        var maxID: Int64 = 0
        var dataVersion: Int64 = -1
        var loaded = false
    }

    private let table = Mutex(Table())

    /// Drops the cache (after this connection wrote: data_version only sees other connections).
    func invalidate() {
        table.withLock { $0.loaded = false }
    }

    /// The current table, refreshed if the database changed.
    func current(_ db: Database) throws -> Table {
        let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        var snapshot = table.withLock { $0 }
        if snapshot.loaded && snapshot.dataVersion == version { return snapshot }
        if !snapshot.loaded {
            snapshot = Table()
        }
        let rows = try Row.fetchCursor(db, sql: "SELECT id, en_tokens, zh_tokens FROM units WHERE id > ? ORDER BY id", arguments: [snapshot.maxID])
        while let row = try rows.next() {
            let id = Int(row[0] as Int64)
            if id >= snapshot.en.count {
                let size = max(id + 1, snapshot.en.count * 2, 1024)
                snapshot.en += [UInt8](repeating: 0, count: size - snapshot.en.count)
                snapshot.zh += [UInt8](repeating: 0, count: size - snapshot.zh.count)
            }
            snapshot.en[id] = UInt8(min(255, row[1] as Int))
            snapshot.zh[id] = UInt8(min(255, row[2] as Int))
            snapshot.maxID = max(snapshot.maxID, Int64(id))
        }
        snapshot.dataVersion = version
        snapshot.loaded = true
        table.withLock { $0 = snapshot }
        return snapshot
    }
}
