import Foundation
import Testing

#if SharedMemory
import TMPostgres

/// The memory a test server runs on: a SQLite file, or a fresh PostgreSQL
/// database when TMKIT_TEST_POSTGRES names a server.
enum ServerBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["TMKIT_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let available: [ServerBackend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

    /// A server on this backend, and what removes its database afterwards.
    func server(tokenFile: String) throws -> (ServerProcess, () -> Void) {
        switch self {
        case .sqlite: return (try ServerProcess(tokenFile: tokenFile), {})
        case .postgres:
            let url = try #require(Self.postgresURL)
            let name = "tmkit_serve_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let location = try PostgresAdmin.createDatabase(name, on: url)
            return (try ServerProcess(tokenFile: tokenFile, database: location), { try? PostgresAdmin.dropDatabase(name, on: url) })
        }
    }
}

/// Jobs over real HTTP: the JSON API and the pages' server-rendered paths.
@Suite struct JobServerTests {
    static let lin = "lin-write-token-0123456789abcdef"
    static let wang = "wang-write-token-0123456789abcdef"
    static let tokens = "lin \(lin)\nwang \(wang)\n"

    static let article = """
        # Port reopens

        The port reopened after the storm. Semiconductor exports rose 9% in March.

        - The regulator fined the bank on Tuesday.
        """

    func put(_ server: ServerProcess, _ path: String, _ body: [String: Any], token: String?) async throws -> ServerProcess.Reply {
        try await server.send("PUT", path, body: try JSONSerialization.data(withJSONObject: body), contentType: "application/json", token: token)
    }

    @Test(arguments: ServerBackend.available)
    func aJobFromCreationToExportOverTheAPI(_ backend: ServerBackend) async throws {
        let (server, cleanup) = try backend.server(tokenFile: Self.tokens)
        defer { cleanup() }
        let created = try await server.post("/jobs", json: ["text": Self.article, "name": "port.md"], token: Self.lin)
        #expect(created.status == 201)
        let job = try #require(try created.json() as? [String: Any])
        let id = try #require(job["id"] as? Int)
        #expect(created.headers["location"] == "/jobs/\(id)")
        #expect(job["segments"] as? Int == 4)
        #expect(job["createdBy"] as? String == "lin")

        let opened = try #require(try await server.get("/jobs/\(id)").json() as? [String: Any])
        let segments = try #require(opened["segments"] as? [[String: Any]])
        #expect(segments.map { $0["kind"] as? String } == ["title", "paragraph", "paragraph", "list-item"])
        #expect(segments[1]["zh"] as? String == "暴风雨过后，港口重新开放。")  // filled: an exact match
        #expect(segments[2]["match"] as? String == "repaired")
        #expect(segments[2]["zh"] as? String == "三月份半导体出口增长9%。")

        let help = try #require(try await server.get("/jobs/\(id)/segments/4").json() as? [String: Any])
        #expect((help["matches"] as? [[String: Any]])?.first?["score"] as? Int == 100)
        #expect((help["terms"] as? [[String: Any]])?.first?["zh"] as? String == "监管机构")
        let check = try await server.post("/jobs/\(id)/segments/3/check", json: ["zh": "三月份半导体出口增长8%。"])
        #expect((try check.json() as? [String: Any]).flatMap { $0["problems"] as? [[String: Any]] }?.first?["kind"] as? String == "number-mismatch")

        // Confirm; the next lookup of any client finds the pair.
        let title = try await put(server, "/jobs/\(id)/segments/1", ["zh": "港口重新开放", "version": 0, "status": "confirmed"], token: Self.lin)
        #expect(title.status == 200)
        let saved = try #require(try title.json() as? [String: Any])
        #expect((saved["job"] as? [String: Any])?["confirmed"] as? Int == 1)
        let lookup = try await server.get("/lookup?min=100&q=Port%20reopens")
        #expect((try lookup.json() as? [[String: Any]])?.first?["target"] as? String == "港口重新开放")
        #expect((try lookup.json() as? [[String: Any]])?.first?["origin"] as? String == "translated")

        // Two translators on version 0 of one segment: the second gets 409 with the current text and author.
        #expect(try await put(server, "/jobs/\(id)/segments/2", ["zh": "风暴过后港口重开。", "version": 0], token: Self.lin).status == 200)
        let late = try await put(server, "/jobs/\(id)/segments/2", ["zh": "暴风雨后港口重开。", "version": 0], token: Self.wang)
        #expect(late.status == 409)
        let current = try #require((try late.json() as? [String: Any])?["current"] as? [String: Any])
        #expect(current["zh"] as? String == "风暴过后港口重开。")
        #expect(current["changedBy"] as? String == "lin")
        #expect(current["version"] as? Int == 1)

        // Writes need a write token; unknown jobs and segments are 404; bad saves 400.
        #expect(try await put(server, "/jobs/\(id)/segments/3", ["zh": "x"], token: nil).status == 401)
        #expect(try await put(server, "/jobs/\(id)/segments/3", ["zh": "  ", "status": "confirmed"], token: Self.lin).status == 400)
        #expect(try await put(server, "/jobs/\(id)/segments/3", ["zh": "x", "status": "done"], token: Self.lin).status == 400)
        #expect(try await put(server, "/jobs/\(id)/segments/99", ["zh": "x"], token: Self.lin).status == 404)
        #expect(try await server.get("/jobs/9999").status == 404)
        #expect(try await server.post("/jobs", json: ["text": "   "], token: Self.lin).status == 400)

        let list = try #require(try await server.get("/jobs").json() as? [[String: Any]])
        #expect(list.first?["confirmed"] as? Int == 2)

        for (format, type, expected) in [("md", "text/markdown", "# 港口重新开放"), ("html", "text/html", "<h1>港口重新开放</h1>"),
                                         ("txt", "text/plain", "港口重新开放"), ("bilingual-html", "text/html", "<h2>Port reopens</h2>"),
                                         ("bilingual-md", "text/markdown", "# Port reopens\n\n# 港口重新开放"),
                                         ("xliff", "application/xliff+xml", "<unit id=\"job\(id)-s1\">"), ("tmx", "application/x-tmx+xml", "港口重新开放")] {
            let exported = try await server.get("/jobs/\(id)/export?format=\(format)")
            #expect(exported.status == 200, "\(format)")
            #expect(exported.headers["content-type"]?.hasPrefix(type) == true, "\(format)")
            #expect(exported.text.contains(expected), "\(format): \(exported.text.prefix(300))")
        }
        #expect(try await server.get("/jobs/\(id)/export?format=docx").status == 400)

        // The XLIFF back from another tool, over the API.
        var xliff = try await server.get("/jobs/\(id)/export?format=xliff").text
        xliff = xliff.replacingOccurrences(of: "<segment state=\"initial\">\n        <source>The regulator fined the bank on Tuesday.</source>\n        <target>监管机构周二对该银行处以罚款。</target>",
                                           with: "<segment state=\"translated\">\n        <source>The regulator fined the bank on Tuesday.</source>\n        <target>监管机构周二对这家银行处以罚款。</target>")
        #expect(xliff.contains("这家银行"))
        let back = try await server.send("POST", "/jobs/\(id)/import", body: Data(xliff.utf8), contentType: "application/xliff+xml", token: Self.wang)
        #expect(back.status == 200)
        #expect((try back.json() as? [String: Any])?["confirmed"] as? Int == 1)
        let last = try #require((try await server.get("/jobs/\(id)").json() as? [String: Any])?["segments"] as? [[String: Any]])
        #expect(last[3]["status"] as? String == "confirmed" && last[3]["changedBy"] as? String == "wang")
    }

    @Test func thePagesWorkWithoutScriptAndKeepUserTextAsText() async throws {
        let server = try ServerProcess(tokenFile: Self.tokens)
        // Plain text keeps markup as text (a Markdown or HTML reader would drop the tags).
        let hostile = "Breaking <script>alert('x')</script> {{name}}\n\nThe port reopened after the storm. Ask {{#job}}me{{/job}} <b>now</b>.\n"
        let form = "text=" + hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + "&name=hostile.txt&format=&token=" + Self.lin
        // The form's redirect is followed to the new job.
        let created = try await server.send("POST", "/jobs", body: Data(form.utf8), contentType: "application/x-www-form-urlencoded")
        #expect(created.status == 200)
        let id = try #require((try created.json() as? [String: Any]).flatMap { $0["job"] as? [String: Any] }?["id"] as? Int)

        let page = try await server.send("GET", "/jobs/\(id)", body: nil, headers: ["Accept": "text/html"])
        #expect(page.status == 200)
        #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(!page.text.contains("<script>alert"))
        #expect(page.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; {{name}}"))
        #expect(page.text.contains("Ask {{#job}}me{{/job}} &lt;b&gt;now&lt;/b&gt;."))
        #expect(page.text.contains("暴风雨过后，港口重新开放。"))  // filled, in the field
        #expect(page.text.contains("name=\"confirm\" value=\"2\""))

        // Confirming from the form, without script: a redirect to the next segment.
        let save = "token=\(Self.lin)&zh-2=" + "港口在风暴后重新开放。".addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + "&version-2=0&confirm=2"
        let saved = try await server.send("POST", "/jobs/\(id)/save", body: Data(save.utf8), contentType: "application/x-www-form-urlencoded")
        #expect(saved.status == 200)
        let segments = try #require((try saved.json() as? [String: Any])?["segments"] as? [[String: Any]])
        #expect(segments[1]["status"] as? String == "confirmed" && segments[1]["changedBy"] as? String == "lin")
        // The same version again (another translator's stale form): the page again, saying who saved it.
        let stale = try await server.send("POST", "/jobs/\(id)/save", body: Data(save.utf8), contentType: "application/x-www-form-urlencoded")
        #expect(stale.status == 409)
        #expect(stale.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(stale.text.contains("Segment 2 was saved by lin first: “港口在风暴后重新开放。”"))
        let wrongToken = "token=nope&zh-2=x&version-2=1&confirm=2"
        #expect(try await server.send("POST", "/jobs/\(id)/save", body: Data(wrongToken.utf8), contentType: "application/x-www-form-urlencoded").status == 401)

        let list = try await server.send("GET", "/jobs", body: nil, headers: ["Accept": "text/html"])
        #expect(list.text.contains("hostile.txt") && list.text.contains("1/3"))
        let panel = try await server.send("GET", "/jobs/\(id)/segments/1", body: nil, headers: ["Accept": "text/html"])
        #expect(panel.text.contains("&lt;script&gt;") && !panel.text.contains("<script>"))
        // A binary upload is refused with the reason.
        let binary = try await server.send("POST", "/jobs", body: Data("{\"text\":\"PK\\u0003\\u0004\\u0000\\u0000\",\"name\":\"a.docx\"}".utf8),
                                           contentType: "application/json", token: Self.lin)
        #expect(binary.status == 400)
        #expect(binary.errorMessage?.contains("binary") == true)
    }
}
#endif
