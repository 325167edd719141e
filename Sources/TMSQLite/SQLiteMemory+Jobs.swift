import Foundation
import GRDB
import TMMemory

/// A job's rows are written once over the row layer (`JobRows`); reading
/// them takes one snapshot.
extension SQLiteMemory {
    public func readJobs<T>(_ body: (any JobRows) throws -> T) throws -> T {
        try mapped { try queue.read { db in try body(SQLiteTransaction(db)) } }
    }
}
