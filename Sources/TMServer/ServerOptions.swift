import Foundation

/// How `tmkit serve` runs: where it listens, who may read and write, and how
/// large a request may be.
public struct ServerOptions: Sendable {
    public var host: String
    public var port: Int
    /// Bearer tokens a write (adding, editing or deleting units, importing)
    /// must carry, each with the name the memory records for its writes.
    /// Without any, writes are refused.
    public var writers: [WriterToken]
    /// When set, reads need a bearer token too (this one or the write token).
    public var readToken: String?
    /// Largest request body accepted (413 above it).
    public var bodyLimit: Int
    /// Origin allowed to call the API from a browser page elsewhere (CORS); nil: none.
    public var corsOrigin: String?

    public static let defaultBodyLimit = 50 * 1024 * 1024

    public init(host: String = "127.0.0.1", port: Int = 8080, writers: [WriterToken] = [], readToken: String? = nil,
                bodyLimit: Int = ServerOptions.defaultBodyLimit, corsOrigin: String? = nil) {
        self.host = host
        self.port = port
        self.writers = writers
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

/// A write token and the user it stands for.
public struct WriterToken: Sendable, Equatable {
    public var name: String
    public var token: String

    public init(name: String, token: String) {
        self.name = name
        self.token = token
    }

    /// The name of a token given alone (a one-token file).
    public static let defaultName = "api"

    /// Reads a token file: `NAME TOKEN` per line, or one token alone on its
    /// first line (named `api`). Blank lines and lines starting with # are skipped.
    public static func read(fromFile path: String) throws -> [WriterToken] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenFileError(path: path, problem: "cannot read it (does it exist, and is it readable?)")
        }
        var writers: [WriterToken] = []
        var firstAlone = false
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if fields.isEmpty || fields[0].hasPrefix("#") { continue }
            let writer: WriterToken
            switch fields.count {
            case 1 where writers.isEmpty:
                writer = WriterToken(name: defaultName, token: fields[0])
                firstAlone = true
            case 2: writer = WriterToken(name: fields[0], token: fields[1])
            default:
                throw TokenFileError(path: path, problem: "line \(number + 1): expected NAME TOKEN (or a single token alone in the file)")
            }
            guard writer.token.count >= 16 else {
                throw TokenFileError(path: path, problem: "line \(number + 1): the token is shorter than 16 characters")
            }
            if writers.contains(where: { $0.token == writer.token }) {
                throw TokenFileError(path: path, problem: "line \(number + 1): this token is already given to another name")
            }
            writers.append(writer)
        }
        guard !writers.isEmpty else { throw TokenFileError(path: path, problem: "it holds no token") }
        if writers.count > 1 && firstAlone {
            throw TokenFileError(path: path, problem: "with several tokens, give each a name (NAME TOKEN), the first one too")
        }
        return writers
    }
}

public struct TokenFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let problem: String
    public var description: String { "\(path): \(problem)" }
}
