import Foundation
import Hummingbird
import Logging
import TMGlossary
import TMKit
import TMMemory
import TMText

/// Turns every error into a JSON body `{"error": {"message": …}}` with a
/// fitting status: bad input 400, a busy or unreachable memory 503, anything
/// unexpected 500 with a generic message (details go to the log, never to
/// the client).
struct JSONErrors<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            return Self.response(error.status, error.body ?? error.status.reasonPhrase, headers: error.headers)
        } catch let error as any HTTPResponseError {
            return Self.response(error.status, error.status == .contentTooLarge ? "the request body is over the server's limit" : error.status.reasonPhrase)
        } catch let error as TextInputError {
            return Self.response(.badRequest, error.description)
        } catch let error as InvalidInput {
            return Self.response(.badRequest, error.message)
        } catch let error as ReviewError {
            return Self.response(.badRequest, error.message)
        } catch let error as GlossaryEntryError {
            return Self.response(.badRequest, error.message)
        } catch let error as JobError {
            switch error {
            case .unknownJob, .unknownSegment: return Self.response(.notFound, error.description)
            case .conflict: return Self.response(.conflict, error.description)
            default: return Self.response(.badRequest, error.description)
            }
        } catch let error as DecodingError {
            return Self.response(.badRequest, "malformed JSON: \(Self.describe(error))")
        } catch let error as MaintenanceError {
            switch error {
            case .unknownUnit, .unknownChange, .unknownImport: return Self.response(.notFound, error.description)
            case .versionConflict, .alreadyReverted, .cannotRevert, .importAlreadyUndone: return Self.response(.conflict, error.description)
            default: return Self.response(.badRequest, error.description)
            }
        } catch let error as StoreError {
            switch error {
            case .locked, .cannotOpen, .damaged, .readOnly:
                return Self.response(.serviceUnavailable, error.description, headers: [.retryAfter: "5"])
            case .diskFull:
                return Self.response(HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), error.description)
            case .schemaTooNew, .notInThisBuild:
                return Self.response(.internalServerError, error.description)
            }
        } catch {
            logger.error("\(request.method) \(request.uri.path): \(String(reflecting: error))")
            return Self.response(.internalServerError, "internal error; the server log has the details")
        }
    }

    static func response(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        var response = (try? JSONBody.response(ErrorBody(error: .init(message: PublicDescription.scrub(message))), status: status))
            ?? Response(status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let c): return c.underlyingError.map { "\($0.localizedDescription)" } ?? c.debugDescription
        case .keyNotFound(let key, _): return "the field \"\(key.stringValue)\" is missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            return "\"\(c.codingPath.map(\.stringValue).joined(separator: "."))\": \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// `{"error": {"message": …}}`, as Hummingbird writes its own errors.
struct ErrorBody: Encodable {
    struct Inner: Encodable { var message: String }
    var error: Inner
}

/// JSON response bodies in the command line's shapes (compact here).
enum JSONBody {
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONOutput.data(value, pretty: false)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A page: HTML with the pages' Content-Security-Policy (only their own
/// inline style and script run; nothing is fetched elsewhere).
enum HTMLBody {
    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status,
                 headers: [.contentType: "text/html; charset=utf-8",
                           .contentSecurityPolicy: "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:",
                           .xContentTypeOptions: "nosniff"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}

/// Request bodies: the declared length checked against the server's limit, then read and decoded.
enum RequestBody {
    static func checkDeclaredLength(_ request: Request, limit: Int) throws {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw HTTPError(.contentTooLarge, message: "the request body (\(declared) bytes) is over the server's limit of \(limit) bytes")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        try checkDeclaredLength(request, limit: limit)
        let buffer = try await request.body.collect(upTo: limit)
        guard buffer.readableBytes > 0 else { throw InvalidInput("a JSON body is needed") }
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }
}

