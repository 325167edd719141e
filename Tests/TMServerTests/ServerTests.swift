import Foundation
import Testing

#if SharedMemory

/// `tmkit serve` as a client sees it: real HTTP on loopback.
@Suite struct ServerAPITests {
    @Test func lookupAnswersLikeTheCommandLine() async throws {
        let server = try ServerProcess()
        let query = "The regulator fined the bank on Monday."
        let reply = try await server.get("/lookup?q=" + query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true)
        let api = try #require(try reply.json() as? [[String: Any]])
        let cli = try ServerProcess.tmkit(["lookup", "--db", server.db, "--format", "json", query])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(cli.out.utf8)) as? [[String: Any]])
        #expect(api.count == expected.count)
        let first = try #require(api.first)
        #expect(first["source"] as? String == "The regulator fined the bank on Tuesday.")
        #expect(first["target"] as? String == "监管机构周二对该银行处以罚款。")
        #expect(first["score"] as? Int == expected.first?["score"] as? Int)
        #expect(Set(first.keys) == Set(try #require(expected.first).keys))
        let differences = try #require(first["differences"] as? [[String: String]])
        #expect(differences.contains { $0["query"] == "monday" && $0["match"] == "tuesday" })
    }

    @Test func queryStringsAreDecodedAsFormsAndScriptsSendThem() async throws {
        let server = try ServerProcess()
        // The same sentence with "+" for spaces (browsers' GET forms, Python's urlencode), with %20, and in UTF-8.
        for path in ["/lookup?q=The+regulator+fined+the+bank+on+Tuesday.", "/lookup?q=The%20regulator%20fined%20the%20bank%20on%20Tuesday.",
                     "/lookup?lang=zh&q=%E7%9B%91%E7%AE%A1%E6%9C%BA%E6%9E%84%E5%91%A8%E4%BA%8C%E5%AF%B9%E8%AF%A5%E9%93%B6%E8%A1%8C%E5%A4%84%E4%BB%A5%E7%BD%9A%E6%AC%BE%E3%80%82"] {
            let matches = try #require(try await server.get(path).json() as? [[String: Any]], "\(path)")
            #expect(matches.first?["score"] as? Int == 100, "\(path)")
        }
        // %2B is a plus sign, "+" a space.
        #expect(try await server.post("/units", json: ["en": "The A+B plan passed.", "zh": "A+B方案获得通过。"], token: server.token).status == 201)
        let plus = try #require(try await server.get("/concordance?q=A%2BB").json() as? [[String: Any]])
        let spaced = try #require(try await server.get("/concordance?q=A+B").json() as? [[String: Any]])
        #expect(!plus.isEmpty && plus.allSatisfy { $0["en"] as? String == "The A+B plan passed." })  // found on either side
        #expect(spaced.isEmpty)
        #expect(try await server.get("/lookup?q=+++").status == 400)  // only spaces: the query is empty
    }

    @Test func concordanceGlossaryCoverageAndStats() async throws {
        let server = try ServerProcess()
        let hits = try #require(try await server.get("/concordance?q=" + "港口".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!).json() as? [[String: Any]])
        #expect(hits.count == 1)
        #expect(hits.first?["en"] as? String == "The port reopened after the storm.")
        // 港口 starts after "暴风雨过后，" (6 characters, 18 UTF-8 bytes).
        #expect(hits.first?["hits"] as? [[Int]] == [[18, 24]])

        let terms = try #require(try await server.get("/glossary/lookup?term=regulators").json() as? [[String: Any]])
        #expect((terms.first?["entry"] as? [String: Any])?["zh"] as? String == "监管机构")
        #expect(terms.first?["match"] as? String == "inflected")

        let found = try #require(try await server.post("/glossary/find", json: ["text": "Two semiconductor makers met the regulator."]).json() as? [[String: Any]])
        #expect(found.compactMap { $0["zh"] as? String }.sorted() == ["半导体", "监管机构"])

        let article = "The port reopened after the storm.\n\nNobody had expected the river to rise so fast this week."
        let coverage = try #require(try await server.post("/coverage", json: ["text": article, "name": "storm.txt"]).json() as? [String: Any])
        let total = try #require(coverage["total"] as? [String: Any])
        let bands = try #require(total["bands"] as? [String: [String: Int]])
        #expect(total["segments"] as? Int == 2)
        #expect((bands["100"]?["segments"] ?? 0) + (bands["context"]?["segments"] ?? 0) == 1)
        #expect(bands["new"]?["segments"] == 1)
        #expect((coverage["files"] as? [[String: Any]])?.first?["file"] as? String == "storm.txt")

        let stats = try #require(try await server.get("/stats").json() as? [String: Any])
        #expect(stats["units"] as? Int == 3)
        let health = try #require(try await server.get("/health").json() as? [String: Any])
        #expect(health["status"] as? String == "ok")
    }

    @Test func writesNeedTheTokenAndAreStored() async throws {
        let server = try ServerProcess()
        let pair = ["en": "Flights resumed on Friday.", "zh": "周五航班恢复。"]
        let anonymous = try await server.post("/units", json: pair)
        #expect(anonymous.status == 401)
        #expect(anonymous.errorMessage?.contains("bearer token") == true)
        #expect(try await server.post("/units", json: pair, token: "wrong-token-wrong-token").status == 401)

        let added = try await server.post("/units", json: pair, token: server.token)
        #expect(added.status == 201)
        #expect((try added.json() as? [String: Any])?["added"] as? Int == 1)
        let again = try await server.post("/units", json: pair, token: server.token)
        #expect(again.status == 200)
        #expect((try again.json() as? [String: Any])?["duplicates"] as? Int == 1)
        let match = try #require(try await server.get("/lookup?q=Flights%20resumed%20on%20Friday.").json() as? [[String: Any]])
        #expect(match.first?["score"] as? Int == 100)
        #expect(match.first?["origin"] as? String == "manual")

        let term = try await server.post("/glossary/terms", json: ["en": "flight", "zh": "航班"], token: server.token)
        #expect(term.status == 201)
        let lookup = try #require(try await server.get("/glossary/lookup?term=flights").json() as? [[String: Any]])
        #expect((lookup.first?["entry"] as? [String: Any])?["zh"] as? String == "航班")
    }

    @Test func importsAnUploadOrNothingOfIt() async throws {
        let server = try ServerProcess()
        let good = "en\tzh\nTrains ran late.\t火车晚点了。\nThe bridge closed.\t大桥关闭。\n"
        let imported = try await server.send("POST", "/import?name=rail.tsv", body: Data(good.utf8), token: server.token)
        #expect(imported.status == 201)
        #expect((try imported.json() as? [String: Any])?["added"] as? Int == 2)

        let bad = "en\tzh\nBuses ran late.\t公交车晚点了。\nOne field only\n"
        let refused = try await server.send("POST", "/import?name=buses.tsv&strict=true", body: Data(bad.utf8), token: server.token)
        #expect(refused.status == 400)
        let message = try #require(refused.errorMessage)
        #expect(message.hasPrefix("buses.tsv:3:"), "the message names the upload, line and column: \(message)")
        #expect(!message.contains("tmkit-upload"), "the server's spool path stays private")
        let stats = try #require(try await server.get("/stats").json() as? [String: Any])
        #expect(stats["units"] as? Int == 5, "the bad file stored nothing")

        let exported = try await server.get("/export.tmx")
        #expect(exported.status == 200)
        #expect(exported.text.hasPrefix("<?xml"))
        #expect(exported.text.components(separatedBy: "<tu ").count - 1 == 5)
        #expect(exported.text.contains("火车晚点了。"))
    }

    @Test func badRequestsGetJSONErrors() async throws {
        let server = try ServerProcess(arguments: ["--token-file", "TOKEN", "--max-body-mb", "1"])
        let malformed = try await server.send("POST", "/coverage", body: Data("{\"text\": ".utf8), contentType: "application/json")
        #expect(malformed.status == 400)
        #expect(malformed.errorMessage?.hasPrefix("malformed JSON") == true)
        let missing = try await server.post("/coverage", json: ["name": "x"])
        #expect(missing.status == 400)
        #expect(missing.errorMessage?.contains("text") == true)
        let unknown = try await server.get("/no/such/route")
        #expect(unknown.status == 404)
        #expect(unknown.errorMessage != nil)
        let noQuery = try await server.get("/lookup")
        #expect(noQuery.status == 400)
        #expect(noQuery.errorMessage?.contains("q") == true)
        #expect(try await server.get("/lookup?q=x&min=101").status == 400)
        let big = Data(repeating: UInt8(ascii: "a"), count: 2 * 1024 * 1024)
        let tooLarge = try await server.send("POST", "/import?name=big.tsv", body: big, token: server.token)
        #expect(tooLarge.status == 413)
        #expect(tooLarge.errorMessage != nil)
        // Still serving afterwards.
        #expect(try await server.get("/health").status == 200)
    }

    @Test func writesAreOffWithoutATokenFileAndReadsCanNeedOne() async throws {
        let open = try ServerProcess(arguments: [])
        let refused = try await open.post("/units", json: ["en": "A.", "zh": "甲。"], token: "anything-anything-anything")
        #expect(refused.status == 403)
        #expect(refused.errorMessage?.contains("--token-file") == true)

        let guarded = try ServerProcess(arguments: ["--token-file", "TOKEN", "--read-token-file", "READTOKEN"])
        #expect(try await guarded.get("/lookup?q=The%20port%20reopened.").status == 401)
        #expect(try await guarded.get("/lookup?q=The%20port%20reopened.", token: guarded.readToken).status == 200)
        #expect(try await guarded.get("/lookup?q=The%20port%20reopened.", token: guarded.token).status == 200)
        #expect(try await guarded.post("/units", json: ["en": "A.", "zh": "甲。"], token: guarded.readToken).status == 401)
        #expect(try await guarded.get("/health").status == 200)
    }

    @Test func openAPIDocumentDescribesEveryRoute() async throws {
        let server = try ServerProcess()
        let document = try #require(try await server.get("/openapi.json").json() as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let served: [(String, String)] = [
            ("get", "/health"), ("get", "/stats"), ("get", "/lookup"), ("get", "/concordance"), ("get", "/glossary/lookup"),
            ("post", "/glossary/find"), ("post", "/coverage"), ("post", "/units"), ("post", "/glossary/terms"),
            ("post", "/import"), ("get", "/export.tmx"), ("get", "/openapi.json"), ("get", "/"), ("post", "/"),
        ]
        for (method, path) in served {
            #expect(paths[path]?[method] != nil, "\(method.uppercased()) \(path) is in the document")
        }
        // And nothing documented is missing from the server.
        for (path, operations) in paths {
            for method in operations.keys where method == "get" {
                let probe = try await server.get(path == "/lookup" || path == "/concordance" ? path + "?q=port" : path == "/glossary/lookup" ? path + "?term=port" : path)
                #expect(probe.status != 404, "GET \(path) answers")
            }
        }
    }
}

/// The translators' page, rendered on the server.
@Suite struct TranslatorPageTests {
    @Test func searchResultsRenderWithoutScript() async throws {
        let server = try ServerProcess()
        let page = try await server.get("/?q=" + "The regulator fined the bank on Monday.".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(page.status == 200)
        #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
        let html = page.text
        #expect(html.contains("监管机构周二对该银行处以罚款。"))
        #expect(html.contains("<mark>Tuesday</mark>"), "the differing word is marked")
        #expect(html.contains("记忆库匹配") && html.contains("Memory matches"), "bilingual interface text")
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"), "nothing is fetched from the network")
    }

    @Test func userTextIsEscaped() async throws {
        let server = try ServerProcess()
        let attack = "<script>alert(1)</script>"
        let page = try await server.get("/?q=" + attack.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(page.status == 200)
        #expect(!page.text.contains(attack))
        #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

        let article = "The port reopened after the storm. <script>alert('x')</script> <img src=x onerror=alert(2)>"
        let form = "article=" + article.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let posted = try await server.send("POST", "/", body: Data(form.utf8), contentType: "application/x-www-form-urlencoded")
        #expect(posted.status == 200)
        #expect(!posted.text.contains("<script>alert('x')"))
        #expect(!posted.text.contains("<img src=x"))
        #expect(posted.text.contains("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(posted.text.contains("Covered at 75% or more"))
    }

    @Test func pageAsksForTheReadToken() async throws {
        let server = try ServerProcess(arguments: ["--read-token-file", "READTOKEN"])
        let page = try await server.get("/?q=port")
        #expect(page.status == 401)
        #expect(page.text.contains("access token"))
        #expect(!page.text.contains("暴风雨过后"), "no results without the token")
    }
}
#else
/// A build without the SharedMemory trait has no server and no PostgreSQL:
/// asking for either says how to get a build that has them.
@Suite struct WithoutSharedMemoryTests {
    @Test func serveSaysHowToRebuild() throws {
        let result = try ServerProcess.tmkit(["serve", "--port", "0"])
        #expect(result.status == 2)
        #expect(result.err.contains("--traits SharedMemory"))
        #expect(result.out.isEmpty)
    }

    @Test func aPostgresMemorySaysHowToRebuild() throws {
        let result = try ServerProcess.tmkit(["stats", "--db", "postgres://someone:secret@127.0.0.1:1/tmkit"])
        #expect(result.status == 2)
        #expect(result.err.contains("--traits SharedMemory"))
        #expect(!result.err.contains("secret"))  // the password is never printed
    }
}
#endif
