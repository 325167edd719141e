import Foundation
import Testing
#if SharedMemory
import TMPostgres
#endif

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// No answer of `tmkit serve` names the machine it runs on: its folders, the
/// memory's path or URL, the embedder's location, or a token.
@Suite("Public answers")
struct PublicAnswerTests {
    static let marker = "zebrafolder"
    static let role = "zebrarole"

    /// The memory under a folder named with the marker; on PostgreSQL, a database reached as a role named with it too.
    func server(_ backend: ServerBackend) throws -> (ServerProcess, () -> Void) {
        let environment = ["TMKIT_EMBEDDER": NSTemporaryDirectory() + Self.marker + "-embedder/_engine.so"]
        switch backend {
        case .sqlite:
            return (try ServerProcess(tokenFile: "ana \(JobServerTests.lin)\n", folderName: Self.marker, environment: environment), {})
        case .postgres:
            #if SharedMemory
            let url = try #require(ServerBackend.postgresURL)
            let psql = Process()
            psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            psql.arguments = ["psql", url, "-qc", "DO $$ BEGIN CREATE ROLE \(Self.role) LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$"]
            try psql.run()
            psql.waitUntilExit()
            #expect(psql.terminationStatus == 0)
            let name = "tmkit_public_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let location = try PostgresAdmin.createDatabase(name, on: url)
            var asRole = try #require(URLComponents(string: location))
            asRole.user = Self.role
            let server = try ServerProcess(tokenFile: "ana \(JobServerTests.lin)\n", database: try #require(asRole.string),
                                           folderName: Self.marker, environment: environment)
            return (server, { try? PostgresAdmin.dropDatabase(name, on: url) })
            #else
            throw CocoaError(.featureUnsupported)
            #endif
        }
    }

    @Test(arguments: ServerBackend.available)
    func noAnswerNamesAPathAURLOrAToken(_ backend: ServerBackend) async throws {
        let (server, cleanup) = try server(backend)
        defer { cleanup() }
        let token = JobServerTests.lin
        #expect(try await server.post("/jobs", json: ["text": JobServerTests.article, "name": "port.md"], token: token).status == 201)

        var replies: [(String, ServerProcess.Reply)] = []
        // Every route of the OpenAPI document, read with the token and written to with an empty and a bad body.
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: packageRoot + "/Sources/TMServer/Resources/openapi.json"))) as? [String: Any])
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        for (template, operations) in paths.sorted(by: { $0.key < $1.key }) {
            let path = template.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{n}", with: "1")
                .replacingOccurrences(of: "{name}", with: "x")
            for method in operations.keys.map({ $0.uppercased() }).sorted() where ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) {
                if method == "GET" {
                    replies.append(("GET \(path)", try await server.send("GET", path + "?q=port&text=port&format=tsv", body: nil, token: token)))
                    replies.append(("GET \(path) as a page", try await server.send("GET", path, body: nil, token: token, headers: ["Accept": "text/html"])))
                } else {
                    for body in ["{}", "{\"en\": ", "{\"en\": \"The port reopened.\", \"zh\": \"港口重新开放。\", \"text\": \"The port reopened.\"}"] {
                        replies.append(("\(method) \(path) \(body)", try await server.send(method, path, body: Data(body.utf8), contentType: "application/json", token: token)))
                    }
                }
            }
        }
        // The pages, the aligner's draft (it names its scorer) and a few bad requests.
        for page in ["/", "/align", "/jobs", "/jobs/1", "/jobs/1?review=1", "/nowhere"] {
            replies.append((page, try await server.send("GET", page, body: nil, token: token, headers: ["Accept": "text/html"])))
        }
        replies.append(("POST /align", try await server.post("/align", json: ["en": "The port reopened.", "zh": "港口重新开放。"], token: token)))
        replies.append(("POST /import bad", try await server.send("POST", "/import?name=bad.tmx", body: Data("<tmx><body><tu>".utf8), token: token)))
        replies.append(("GET /stats", try await server.get("/stats", token: token)))
        #expect(replies.count > 40)

        let home = NSHomeDirectory()
        for (request, reply) in replies {
            let text = reply.text + reply.headers.values.joined(separator: "\n")
            #expect(!text.contains(Self.marker), "\(request) names the server's folder: \(text.prefix(300))")
            #expect(!text.contains(Self.role), "\(request) names the database role")
            #expect(!text.contains("site-packages") && !text.contains("_engine"), "\(request) names the embedder's location")
            #expect(home.count <= 1 || !text.contains(home + "/"), "\(request) names the home folder")
            #expect(!text.contains(token) && !text.contains(server.token), "\(request) names a token")
        }
        let stats = try #require(try await server.get("/stats", token: token).json() as? [String: Any])
        #expect(stats["backend"] as? String == (backend == .sqlite ? "sqlite" : "postgresql"))
        #expect(stats["location"] == nil)
    }
}
