import Foundation

/// How `tmkit serve` runs: where it listens, who may read and write, and how
/// large a request may be.
public struct ServerOptions: Sendable {
    public var host: String
    public var port: Int
    /// Bearer token every write (adding a unit or a term, importing) must carry.
    /// Without one, writes are refused.
    public var writeToken: String?
    /// When set, reads need a bearer token too (this one or the write token).
    public var readToken: String?
    /// Largest request body accepted (413 above it).
    public var bodyLimit: Int
    /// Origin allowed to call the API from a browser page elsewhere (CORS); nil: none.
    public var corsOrigin: String?

    public static let defaultBodyLimit = 50 * 1024 * 1024

    public init(host: String = "127.0.0.1", port: Int = 8080, writeToken: String? = nil, readToken: String? = nil,
                bodyLimit: Int = ServerOptions.defaultBodyLimit, corsOrigin: String? = nil) {
        self.host = host
        self.port = port
        self.writeToken = writeToken
        self.readToken = readToken
        self.bodyLimit = bodyLimit
        self.corsOrigin = corsOrigin
    }

    /// Reads a token file: its first line, without surrounding white space.
    public static func token(fromFile path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenFileError(path: path, problem: "cannot read it (does it exist, and is it readable?)")
        }
        let token = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map {
            $0.trimmingCharacters(in: .whitespaces)
        } ?? ""
        guard token.count >= 16 else {
            throw TokenFileError(path: path, problem: "the token on its first line is shorter than 16 characters")
        }
        return token
    }
}

public struct TokenFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let problem: String
    public var description: String { "\(path): \(problem)" }
}
