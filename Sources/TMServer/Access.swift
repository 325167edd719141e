import Crypto
import Foundation
import Hummingbird

/// Bearer-token checks. Tokens are compared through their SHA-256 digests in
/// constant time, so the time a wrong guess takes says nothing about the token.
struct Access: Sendable {
    private let writers: [(name: String, digest: [UInt8])]
    private let read: [UInt8]?

    init(writers: [WriterToken], readToken: String?) {
        self.writers = writers.map { ($0.name, Access.digest($0.token)) }
        read = readToken.map(Access.digest)
    }

    private static func digest(_ token: some StringProtocol) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }

    /// Reads need a token only when the server was given a read token.
    func checkRead(_ request: Request) throws {
        guard let read else { return }
        let presented = bearer(request)
        guard let presented, matches(presented, read) || writer(presented) != nil else {
            throw unauthorized("this server needs a bearer token for reading (Authorization: Bearer …)")
        }
    }

    /// The name tied to the request's write token (what the memory records as the writer).
    @discardableResult
    func checkWrite(_ request: Request) throws -> String {
        guard !writers.isEmpty else {
            throw HTTPError(.forbidden, message: "writes are turned off: start tmkit serve with --token-file to allow them")
        }
        guard let presented = bearer(request), let name = writer(presented) else {
            throw unauthorized("writing needs one of the server's write tokens as a bearer token (Authorization: Bearer …)")
        }
        return name
    }

    /// The same check for a token typed into a form (a page working without script).
    func checkWrite(token: String) throws -> String {
        guard !writers.isEmpty else {
            throw HTTPError(.forbidden, message: "writes are turned off: start tmkit serve with --token-file to allow them")
        }
        let trimmed = token.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let name = writer(Access.digest(trimmed)) else {
            throw unauthorized("saving needs one of the server's write tokens (type it into the token field)")
        }
        return name
    }

    /// The writer whose token this is; every token is compared.
    private func writer(_ presented: [UInt8]) -> String? {
        var found: String?
        for writer in writers where matches(presented, writer.digest) { found = found ?? writer.name }
        return found
    }

    private func bearer(_ request: Request) -> [UInt8]? {
        guard let header = request.headers[.authorization] else { return nil }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else { return nil }
        return Access.digest(header.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces))
    }

    /// Every byte is visited whatever the first difference.
    private func matches(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    private func unauthorized(_ message: String) -> HTTPError {
        HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: message)
    }
}
