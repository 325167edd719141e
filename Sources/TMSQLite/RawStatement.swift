import GRDB
import TMMemory
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

/// Decodes posting lists straight from SQLite's blob memory into `[UInt32]`.
struct PostingReader {
    private let statement: Statement

    init(_ db: Database) throws {
        statement = try db.makeStatement(sql: "SELECT import_id, unit_ids FROM postings WHERE lang = ? AND term = ? ORDER BY import_id")
    }

    mutating func read(lang: Int, term: UInt64) throws -> [UInt32] {
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, Int64(lang))
        sqlite3_bind_int64(s, 2, Int64(bitPattern: term))
        var assembler = PostingAssembler()
        while true {
            let rc = sqlite3_step(s)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: "reading postings", sql: statement.sql)
            }
            let bytes = Int(sqlite3_column_bytes(s, 1))
            guard bytes >= 4, let blob = sqlite3_column_blob(s, 1) else { continue }
            assembler.add(key: sqlite3_column_int64(s, 0), UnsafeRawBufferPointer(start: blob, count: bytes))
        }
        return assembler.ids()
    }
}
