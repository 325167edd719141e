import Foundation
import Testing

#if SharedMemory

/// Alignment review over real HTTP: POST /align, then POST /align/{id}/commit.
@Suite struct AlignServerTests {
    let english = "The museum reopened on Sunday. About 2,000 visitors came. The new wing cost $40 million.\n"
    let chinese = "博物馆周日重新开放。约2000名游客到访。新馆耗资4000万美元。\n"

    func post(_ server: ServerProcess, _ path: String, _ body: [String: Any], token: String? = nil) async throws -> ServerProcess.Reply {
        try await server.send("POST", path, body: try JSONSerialization.data(withJSONObject: body), contentType: "application/json", token: token)
    }

    @Test func alignReviewAndCommit() async throws {
        let server = try ServerProcess()
        let reply = try await post(server, "/align", ["en": english, "zh": chinese, "enName": "museum.en.md", "zhName": "museum.zh.md"])
        #expect(reply.status == 200)
        let draft = try #require(try reply.json() as? [String: Any])
        let id = try #require(draft["id"] as? String)
        let links = try #require(draft["links"] as? [[String: Any]])
        #expect(links.map { $0["id"] as? Int } == [0, 1, 2])
        #expect(links.map { $0["en"] as? [Int] } == [[0], [1], [2]])
        #expect((draft["scorer"] as? String)?.contains("no embeddings") == true)

        // The reviewer joins the last two links.
        let reviewed: [[String: Any]] = [["en": [0], "zh": [0]], ["en": [1, 2], "zh": [1, 2]]]
        #expect(try await post(server, "/align/\(id)/commit", ["links": reviewed]).status == 401)
        #expect(try await post(server, "/align/no-such-draft/commit", ["links": reviewed], token: server.token).status == 404)
        let skipping: [[String: Any]] = [["en": [0], "zh": [0]], ["en": [2], "zh": [1, 2]]]
        let refused = try await post(server, "/align/\(id)/commit", ["links": skipping], token: server.token)
        #expect(refused.status == 400)
        #expect(try refused.text.contains("out of order"))

        let stored = try await post(server, "/align/\(id)/commit", ["links": reviewed], token: server.token)
        #expect(stored.status == 200)
        let result = try #require(try stored.json() as? [String: Any])
        #expect(result["added"] as? Int == 2)
        #expect(result["reviewer"] as? String == "api")
        let lookup = try await server.get("/lookup?min=100&q=" + "About 2,000 visitors came. The new wing cost $40 million.".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect((try lookup.json() as? [[String: Any]])?.first?["target"] as? String == "约2000名游客到访。新馆耗资4000万美元。")

        // New figures: the API and the page give the stored pair repaired, the stored text untouched.
        let changed = "About 3,500 visitors came. The new wing cost $65 million.".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let repaired = try #require(try await server.get("/lookup?q=" + changed).json() as? [[String: Any]]).first
        #expect(repaired?["repairedTarget"] as? String == "约3500名游客到访。新馆耗资6500万美元。")
        #expect(repaired?["target"] as? String == "约2000名游客到访。新馆耗资4000万美元。")
        #expect(repaired?["score"] as? Int == 99)
        #expect((repaired?["repairs"] as? [[String: Any]])?.map { $0["to"] as? String } == ["3500", "6500万"])
        let page = try await server.get("/?q=" + changed)
        #expect(try page.text.contains("<mark>3500</mark>名游客到访。新馆耗资<mark>6500万</mark>美元。"))
    }

    @Test func badArticlesAreRefused() async throws {
        let server = try ServerProcess()
        #expect(try await post(server, "/align", ["en": english, "zh": english]).status == 400)
        #expect(try await post(server, "/align", ["en": "", "zh": chinese]).status == 400)
        #expect(try await server.send("POST", "/align", body: Data("{\"en\": 3}".utf8), contentType: "application/json").status == 400)
        let page = try await server.get("/align")
        #expect(page.status == 200)
        #expect(try page.text.contains("<textarea name=\"en\""))
    }
}

#endif
