import Foundation
import PostgresNIO
import TMMemory

/// Creating and dropping whole databases on a server (for tests and `tmkit
/// copy` targets). Database names cannot be bound parameters, so only names
/// of lower-case letters, digits and underscores are accepted.
public enum PostgresAdmin {
    /// Creates database `name` on the server of `serverURL`; returns the new database's URL.
    public static func createDatabase(_ name: String, on serverURL: String) throws -> String {
        try checked(name)
        let location = try PostgresLocation(url: serverURL)
        let pool = PostgresConnectionPool(location: location, size: 1)
        try pool.withConnection { connection, logger in
            try connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger).wait()
        }
        var target = location
        target.database = name
        let credentials = target.password.map { "\(target.user):\($0)" } ?? target.user
        return "postgres://\(credentials)@\(target.host):\(target.port)/\(name)"
    }

    public static func dropDatabase(_ name: String, on serverURL: String) throws {
        try checked(name)
        let pool = PostgresConnectionPool(location: try PostgresLocation(url: serverURL), size: 1)
        try pool.withConnection { connection, logger in
            try connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger).wait()
        }
    }

    private static func checked(_ name: String) throws {
        guard !name.isEmpty, name.count <= 63, name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw StoreError.cannotOpen(path: name, reason: "database names here are lower-case letters, digits and underscores")
        }
    }
}
