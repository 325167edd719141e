import Foundation

/// One row of a result, read by column name.
public struct SQLRow: Sendable {
    /// The result's column names (one array shared by all its rows).
    public let names: [String]
    public let values: [SQLValue]

    public init(names: [String], values: [SQLValue]) {
        self.names = names
        self.values = values
    }

    /// The value of the column `name`, as `T` (an optional for a column that may be NULL).
    public subscript<T: SQLValueConvertible>(_ name: String) -> T {
        get throws {
            guard let index = names.firstIndex(of: name) else { throw RowError.noColumn(name, among: names) }
            guard let value = T(sqlValue: values[index]) else { throw RowError.wrongKind(name, values[index], wanted: "\(T.self)") }
            return value
        }
    }

    /// The first column's value (for one-column queries).
    public func first<T: SQLValueConvertible>(as type: T.Type = T.self) throws -> T {
        guard let value = values.first, let decoded = T(sqlValue: value) else {
            throw RowError.wrongKind(names.first ?? "?", values.first ?? .null, wanted: "\(T.self)")
        }
        return decoded
    }
}

/// A row that does not hold what the code reads from it: a mistake in a
/// query, never in user input.
public enum RowError: Error, CustomStringConvertible {
    case noColumn(String, among: [String])
    case wrongKind(String, SQLValue, wanted: String)

    public var description: String {
        switch self {
        case .noColumn(let name, let names): return "the query returns no column \(name) (only \(names.joined(separator: ", ")))"
        case .wrongKind(let name, let value, let wanted): return "column \(name) holds \(value), not a \(wanted)"
        }
    }
}
