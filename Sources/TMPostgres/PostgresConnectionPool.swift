import Foundation
import Logging
import PostgresNIO
import TMMemory

/// Where a PostgreSQL memory lives: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    /// True for strings TMKit should open as a PostgreSQL memory.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(url text: String) throws {
        guard PostgresLocation.isPostgresURL(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw StoreError.cannotOpen(path: text, reason: "expected postgres://USER@HOST:PORT/DATABASE")
        }
        let database = url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !database.isEmpty else {
            throw StoreError.cannotOpen(path: text, reason: "the URL names no database (postgres://USER@HOST:PORT/DATABASE)")
        }
        self.host = host
        port = url.port ?? 5432
        user = url.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = url.password.flatMap { $0.removingPercentEncoding }
        self.database = database
    }

    /// The URL without its password (for messages and `stats`).
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}

/// A few connections, opened on demand and handed to one caller at a time.
/// Calls block the calling thread (the store protocol is synchronous); they
/// never run on an event loop. A connection that failed (the server went
/// away) is dropped, so the next call connects afresh once the server is back.
final class PostgresConnectionPool: @unchecked Sendable {
    let location: PostgresLocation
    private let logger: Logger
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var nextID = 0

    init(location: PostgresLocation, size: Int) {
        self.location = location
        slots = DispatchSemaphore(value: size)
        var logger = Logger(label: "tmkit.postgres")
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit {
        for connection in idle { try? connection.close().wait() }
    }

    func withConnection<T>(_ body: (PostgresConnection, Logger) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        let connection = try take()
        do {
            let result = try body(connection, logger)
            lock.withLock { idle.append(connection) }
            return result
        } catch {
            // A query error leaves the connection usable; a closed channel does not.
            if connection.isClosed { try? connection.close().wait() } else { lock.withLock { idle.append(connection) } }
            throw PostgresConnectionPool.storeError(error, location: location)
        }
    }

    private func take() throws -> PostgresConnection {
        if let ready = lock.withLock({ idle.popLast() }), !ready.isClosed { return ready }
        let id = lock.withLock { () -> Int in nextID += 1; return nextID }
        let configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database, tls: .disable)
        do {
            return try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration,
                                                  id: id, logger: logger).wait()
        } catch {
            throw StoreError.cannotOpen(path: location.description, reason: "cannot reach the PostgreSQL server (\(PostgresConnectionPool.reason(error)))")
        }
    }

    /// Store errors the commands and the server already know how to report.
    static func storeError(_ error: any Error, location: PostgresLocation) -> any Error {
        if error is StoreError { return error }
        if let psql = error as? PSQLError {
            switch psql.code {
            case .serverClosedConnection, .connectionError, .uncleanShutdown:
                return StoreError.cannotOpen(path: location.description, reason: "the PostgreSQL server went away (\(reason(error)))")
            default:
                if psql.serverInfo?[.sqlState] == "53100" { return StoreError.diskFull(path: location.description) }
            }
        }
        return error
    }

    static func reason(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            return "\(psql.code)"
        }
        return "\(error)"
    }
}
