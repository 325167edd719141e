import Foundation
import Testing

#if SharedMemory

/// The maintenance endpoints of `tmkit serve`, over real HTTP.
@Suite struct MaintenanceServerTests {
    static let lin = "lin-write-token-0123456789abcdef"
    static let wang = "wang-write-token-0123456789abcdef"

    func unitID(_ server: ServerProcess, _ english: String) async throws -> Int {
        let reply = try await server.get("/lookup?min=100&q=" + english.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        let matches = try #require(try reply.json() as? [[String: Any]])
        return try #require(matches.first?["unit"] as? Int)
    }

    func patch(_ server: ServerProcess, _ id: Int, _ body: [String: Any], token: String, ifMatch: Int? = nil) async throws -> ServerProcess.Reply {
        try await server.send("PATCH", "/units/\(id)", body: try JSONSerialization.data(withJSONObject: body), contentType: "application/json",
                              token: token, headers: ifMatch.map { ["If-Match": "\"\($0)\""] } ?? [:])
    }

    @Test func namedWritersEditAndTheSecondOfTwoConflictingEditsGets409() async throws {
        let server = try ServerProcess(tokenFile: "# the desk\nlin \(Self.lin)\nwang \(Self.wang)\n")
        let id = try await unitID(server, "The port reopened after the storm.")
        let unit = try #require(try await server.get("/units/\(id)").json() as? [String: Any])
        #expect(unit["version"] as? Int == 0)

        let first = try await patch(server, id, ["zh": "风暴过后，港口重新开放。"], token: Self.lin, ifMatch: 0)
        #expect(first.status == 200)
        let change = try #require(try first.json() as? [String: Any])
        #expect(change["user"] as? String == "lin")
        #expect(change["kind"] as? String == "edit")
        // The second translator edited version 0 too.
        let second = try await patch(server, id, ["zh": "暴风雨后港口重开。", "version": 0], token: Self.wang)
        #expect(second.status == 409)
        let conflict = try #require(try second.json() as? [String: Any])
        #expect((conflict["current"] as? [String: Any])?["zh"] as? String == "风暴过后，港口重新开放。")
        #expect((conflict["current"] as? [String: Any])?["version"] as? Int == 1)

        // Every other client's next lookup sees the new text.
        let after = try await server.get("/lookup?min=100&q=The%20port%20reopened%20after%20the%20storm.")
        #expect((try after.json() as? [[String: Any]])?.first?["target"] as? String == "风暴过后，港口重新开放。")
        // Bad edits: an empty side, an unknown unit, no token, a wrong token.
        #expect(try await patch(server, id, ["zh": "   "], token: Self.lin).status == 400)
        #expect(try await patch(server, 999_999, ["zh": "新"], token: Self.lin).status == 404)
        #expect(try await server.send("PATCH", "/units/\(id)", body: Data("{\"zh\":\"新\"}".utf8), contentType: "application/json").status == 401)
        #expect(try await patch(server, id, ["zh": "新"], token: "not-a-token-0123456789abcdef").status == 401)
    }

    @Test func deleteHistoryRevertAndUndo() async throws {
        let server = try ServerProcess()
        let id = try await unitID(server, "Semiconductor exports rose 8% in March.")
        let deleted = try await server.send("DELETE", "/units/\(id)", body: nil, token: server.token)
        #expect(deleted.status == 200)
        let changeID = try #require((try deleted.json() as? [String: Any])?["id"] as? Int)
        #expect(try await server.get("/units/\(id)").status == 404)
        #expect(try await server.get("/lookup?q=Semiconductor%20exports%20rose%208%25%20in%20March.").text == "[]")

        let history = try #require(try await server.get("/history?unit=\(id)").json() as? [[String: Any]])
        #expect(history.first?["kind"] as? String == "delete")
        #expect(history.first?["user"] as? String == "api")
        let revert = try await server.post("/history/\(changeID)/revert", json: [:], token: server.token)
        #expect(revert.status == 200)
        #expect(try await server.get("/units/\(id)").status == 200)
        #expect(try await server.post("/history/\(changeID)/revert", json: [:], token: server.token).status == 409)

        let imports = try #require(try await server.get("/imports").json() as? [[String: Any]])
        let importID = try #require(imports.first?["id"] as? Int)
        let undo = try await server.send("POST", "/imports/\(importID)/undo", body: nil, token: server.token)
        #expect(undo.status == 200)
        #expect((try undo.json() as? [String: Any])?["removed"] as? Int == 3)
        #expect((try await server.get("/stats").json() as? [String: Any])?["units"] as? Int == 0)
        #expect(try await server.send("POST", "/imports/\(importID)/undo", body: nil, token: server.token).status == 409)
    }

    @Test func replacePreviewsThenAppliesAndFiltersWork() async throws {
        let server = try ServerProcess()
        let body: [String: Any] = ["side": "zh", "find": "港口", "replacement": "海港", "filter": ["origin": ["tsv"]]]
        let preview = try await server.post("/replace", json: body, token: server.token)
        #expect(preview.status == 200)
        let planned = try #require(try preview.json() as? [String: Any])
        #expect(planned["units"] as? Int == 1 && planned["change"] == nil)
        var applied = body
        applied["preview"] = false
        let done = try #require(try await server.post("/replace", json: applied, token: server.token).json() as? [String: Any])
        #expect((done["change"] as? [String: Any])?["kind"] as? String == "replace")
        let hits = try #require(try await server.get("/concordance?q=%E6%B5%B7%E6%B8%AF&origin=tsv").json() as? [[String: Any]])
        #expect(hits.count == 1)
        #expect(try await server.get("/concordance?q=%E6%B5%B7%E6%B8%AF&origin=tmx").text == "[]")
        #expect(try await server.get("/lookup?q=x&origin=nonsense").status == 400)
        #expect(try await server.post("/replace", json: ["side": "zh", "find": "(", "replacement": "", "regex": true, "preview": false],
                                      token: server.token).status == 400)

        let penalty = try await server.send("PUT", "/penalties/tsv", body: Data("{\"points\":5}".utf8), contentType: "application/json", token: server.token)
        #expect(penalty.status == 200)
        let match = try #require(try await server.get("/lookup?q=The%20regulator%20fined%20the%20bank%20on%20Tuesday.").json() as? [[String: Any]])
        #expect(match.first?["score"] as? Int == 95)
        #expect(match.first?["penaltyReason"] as? String == "origin tsv")
        #expect(try await server.send("DELETE", "/penalties/tsv", body: nil, token: server.token).status == 200)
        // The weak-link default is listed, and can be changed like any penalty.
        let listed = try #require(try await server.get("/penalties").json() as? [[String: Any]])
        #expect(listed.map { "\($0["scope"] ?? "")=\($0["points"] ?? "")" } == ["weak-links=5"])
        let changed = try await server.send("PUT", "/penalties/weak-links", body: Data("{\"points\":12}".utf8), contentType: "application/json", token: server.token)
        #expect(changed.status == 200 && changed.text.contains("12"))
    }
}

#endif
