import GRDB
import GRDBSQLite

/// Binds and runs a prepared GRDB statement through the SQLite C API.
/// Imports insert a row per unit; GRDB's argument arrays cost more than the
/// insert itself at a million rows, so the hot insert binds values directly.
struct RawStatement {
    let statement: Statement
    let connection: OpaquePointer?
    private var index: Int32 = 0

    init(_ statement: Statement, in db: Database) {
        self.statement = statement
        connection = db.sqliteConnection
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func bind(_ text: String) {
        index += 1
        var copy = text
        copy.withUTF8 { b in
            guard let base = b.baseAddress, b.count > 0 else {
                sqlite3_bind_text(statement.sqliteStatement, index, "", 0, RawStatement.transient)
                return
            }
            _ = base.withMemoryRebound(to: CChar.self, capacity: b.count) {
                sqlite3_bind_text(statement.sqliteStatement, index, $0, Int32(b.count), RawStatement.transient)
            }
        }
    }

    mutating func bind(_ text: String?) {
        if let text { bind(text) } else { bindNull() }
    }

    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(statement.sqliteStatement, index, value)
    }

    mutating func bind(_ value: Int?) {
        if let value { bind(Int64(value)) } else { bindNull() }
    }

    mutating func bind(_ value: Double?) {
        index += 1
        if let value { sqlite3_bind_double(statement.sqliteStatement, index, value) } else { sqlite3_bind_null(statement.sqliteStatement, index) }
    }

    mutating func bindNull() {
        index += 1
        sqlite3_bind_null(statement.sqliteStatement, index)
    }

    /// Runs the statement once with the bound values, then resets it.
    mutating func run() throws {
        defer {
            sqlite3_reset(statement.sqliteStatement)
            sqlite3_clear_bindings(statement.sqliteStatement)
            index = 0
        }
        let rc = sqlite3_step(statement.sqliteStatement)
        guard rc == SQLITE_DONE else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "unknown error"
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message, sql: statement.sql)
        }
    }
}
