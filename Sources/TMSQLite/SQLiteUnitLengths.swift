import GRDB
import Synchronization
import TMMemory

/// The unit lengths (`UnitLengthTable`) of one SQLite memory, loaded by a
/// sequential scan of two integer columns, then extended with units added
/// since and the units the history says changed; `PRAGMA data_version` tells
/// when another connection has written.
final class SQLiteUnitLengths: Sendable {
    private struct State {
        var table = UnitLengthTable()
        var dataVersion: Int64 = -1
        var loaded = false
        /// The newest change whose units are reflected.
        var change: Int64 = 0
    }

    private let state = Mutex(State())

    /// Drops the cache (after this connection wrote: data_version only sees other connections).
    func invalidate() {
        state.withLock { $0.loaded = false }
    }

    /// Makes the next lookup catch up with new and changed units (after this
    /// process wrote: data_version only sees other connections), keeping the rest.
    func refreshNext() {
        state.withLock { $0.dataVersion = -1 }
    }

    /// The current table, refreshed if the database changed.
    func current(_ db: Database) throws -> UnitLengthTable {
        let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        var snapshot = state.withLock { $0 }
        if snapshot.loaded && snapshot.dataVersion == version { return snapshot.table }
        if !snapshot.loaded { snapshot = State() }
        // Units changed since (edited, deleted, put back) first: the scan below only reads new ids.
        let newest = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM changes") ?? 0
        if snapshot.table.maxID > 0 && newest > snapshot.change {
            for row in try Row.fetchAll(db, sql: """
                SELECT c.unit_id, coalesce(u.en_tokens, 0), coalesce(u.zh_tokens, 0)
                FROM (SELECT DISTINCT unit_id FROM change_units WHERE change_id > ?) c LEFT JOIN units u ON u.id = c.unit_id
                """, arguments: [snapshot.change]) {
                // A deleted unit's 0 means "unknown": lookups fetch it and find nothing.
                snapshot.table.set(id: row[0], en: row[1], zh: row[2])
            }
        }
        snapshot.change = newest
        let rows = try Row.fetchCursor(db, sql: "SELECT id, en_tokens, zh_tokens FROM units WHERE id > ? ORDER BY id",
                                       arguments: [snapshot.table.maxID])
        while let row = try rows.next() {
            // By position (the SELECT's order): a million rows are read here on a memory's first lookup.
            snapshot.table.set(id: row[0], en: row[1], zh: row[2])
        }
        snapshot.dataVersion = version
        snapshot.loaded = true
        state.withLock { $0 = snapshot }
        return snapshot.table
    }
}
