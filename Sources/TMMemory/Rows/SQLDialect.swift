import Foundation

/// What differs between the databases a memory lives in, for the statements
/// written once above `RowTransaction`. Statements use `?` placeholders; a
/// backend that numbers them (`$1`) rewrites them as it runs the statement.
public protocol SQLDialect: Sendable {
    /// At most how many ids one statement takes in `isOneOf`.
    var idBatchSize: Int { get }
    /// Whether `units` keeps the normalized sides in columns of their own
    /// (`en_norm`, `zh_norm`, for the server's trigram indexes).
    var storesNormalizedSides: Bool { get }
    /// A condition that `column` is one of `ids` (at most `idBatchSize`), with its values.
    func isOneOf(_ column: String, _ ids: [Int64]) -> (sql: String, values: [SQLValue])
    /// An expression that is above 0 when `needle` occurs in `haystack` (both SQL expressions).
    func position(of needle: String, in haystack: String) -> String
    /// A condition that a text column equals `text`, as its index can answer it.
    func equals(_ column: String, text: String) -> (sql: String, values: [SQLValue])
}

/// SQLite's ways: one `?` per value of a list, `instr`.
public struct SQLiteDialect: SQLDialect {
    public init() {}
    public var idBatchSize: Int { 500 }
    public var storesNormalizedSides: Bool { false }
    public func isOneOf(_ column: String, _ ids: [Int64]) -> (sql: String, values: [SQLValue]) {
        ("\(column) IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))", ids.map { .integer($0) })
    }
    public func position(of needle: String, in haystack: String) -> String { "instr(\(haystack), \(needle))" }
    public func equals(_ column: String, text: String) -> (sql: String, values: [SQLValue]) { ("\(column) = ?", [.text(text)]) }
}

/// PostgreSQL's ways: a list is one array value, `strpos`.
public struct PostgresDialect: SQLDialect {
    public init() {}
    public var idBatchSize: Int { 5_000 }
    public var storesNormalizedSides: Bool { true }
    public func isOneOf(_ column: String, _ ids: [Int64]) -> (sql: String, values: [SQLValue]) {
        ("\(column) = ANY(?)", [.integers(ids)])
    }
    public func position(of needle: String, in haystack: String) -> String { "strpos(\(haystack), \(needle))" }
    /// Long texts are indexed by their md5 (a B-tree entry holds at most a third of a page).
    public func equals(_ column: String, text: String) -> (sql: String, values: [SQLValue]) {
        ("md5(\(column)) = md5(?) AND \(column) = ?", [.text(text), .text(text)])
    }

    /// `sql` with its `?` placeholders numbered `$1`, `$2`… (none inside quotes).
    public static func numbered(_ sql: String) -> String {
        var result = "", n = 0, quote: Character?
        result.reserveCapacity(sql.utf8.count + 16)
        for c in sql {
            if let open = quote {
                if c == open { quote = nil }
                result.append(c)
            } else if c == "'" || c == "\"" {
                quote = c
                result.append(c)
            } else if c == "?" {
                n += 1
                result += "$\(n)"
            } else {
                result.append(c)
            }
        }
        return result
    }
}
