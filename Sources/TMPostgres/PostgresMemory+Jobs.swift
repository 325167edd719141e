import Foundation
import TMMemory

/// A job's rows are written once over the row layer (`JobRows`); reading
/// them takes one snapshot, so that a job and its segments agree.
extension PostgresMemory {
    public func readJobs<T>(_ body: (any JobRows) throws -> T) throws -> T {
        try pool.withConnection { connection, logger in
            try transaction(connection, logger, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
                try body(PostgresTransaction(connection: connection, logger: logger))
            }
        }
    }
}
