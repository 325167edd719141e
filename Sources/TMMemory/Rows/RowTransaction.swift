import Foundation

/// The small surface a backend gives every memory operation: parameterised
/// statements inside one transaction, rows read by name. Operations are
/// written once over it (`UnitRows`, `HistoryRows`, `JobRows`, …); a backend
/// implements `rows` and `execute` and names its dialect.
public protocol RowTransaction: AnyObject {
    var dialect: any SQLDialect { get }
    /// Runs a statement with `?` placeholders and returns its rows.
    func rows(_ sql: String, _ values: [SQLValue]) throws -> [SQLRow]
    /// Runs a statement that returns no rows.
    func execute(_ sql: String, _ values: [SQLValue]) throws
}

extension RowTransaction {
    public func rows(_ sql: String, _ values: SQLValueConvertible...) throws -> [SQLRow] {
        try rows(sql, values.map(\.sqlValue))
    }

    public func execute(_ sql: String, _ values: SQLValueConvertible...) throws {
        try execute(sql, values.map(\.sqlValue))
    }

    /// The first column of the first row (nil: no row, or NULL).
    public func value<T: SQLValueConvertible>(_ sql: String, _ values: SQLValueConvertible..., as type: T.Type = T.self) throws -> T? {
        guard let row = try rows(sql, values.map(\.sqlValue)).first else { return nil }
        return try row.first(as: T?.self)
    }

    /// The first column of every row.
    public func column<T: SQLValueConvertible>(_ sql: String, _ values: SQLValueConvertible..., as type: T.Type = T.self) throws -> [T] {
        try rows(sql, values.map(\.sqlValue)).map { try $0.first(as: T.self) }
    }

    /// Runs `body` on `ids` a batch at a time (a statement's limit on values).
    public func inBatches<T>(_ ids: [Int64], _ body: (_ condition: (String) -> (sql: String, values: [SQLValue])) throws -> [T]) throws -> [T] {
        var result: [T] = []
        let size = dialect.idBatchSize
        for start in stride(from: 0, to: ids.count, by: size) {
            let slice = Array(ids[start..<min(start + size, ids.count)])
            result += try body { column in self.dialect.isOneOf(column, slice) }
        }
        return result
    }

    /// Inserts rows, many to a statement (one round trip per batch on a
    /// server); `onConflict`: what a row whose key is taken does (`DO NOTHING`, `(key) DO UPDATE SET …`).
    public func insert(into table: String, columns: [String], rows values: [[SQLValue]], onConflict: String? = nil) throws {
        guard !values.isEmpty else { return }
        let perBatch = max(1, 4_000 / columns.count)
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        for start in stride(from: 0, to: values.count, by: perBatch) {
            let slice = values[start..<min(start + perBatch, values.count)]
            let sql = "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES "
                + Array(repeating: tuple, count: slice.count).joined(separator: ", ") + (onConflict.map { " ON CONFLICT \($0)" } ?? "")
            try execute(sql, slice.flatMap { $0 })
        }
    }
}

/// A memory whose operations run over `RowTransaction`s.
public protocol RowStore {
    /// Runs `body` on one read snapshot.
    func reading<T>(_ body: (any RowTransaction) throws -> T) throws -> T
    /// Runs `body` in one write transaction; if it throws, nothing it did is kept.
    func writing<T>(_ body: (any RowTransaction) throws -> T) throws -> T
}
