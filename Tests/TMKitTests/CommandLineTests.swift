import Foundation
import Testing

/// Runs the `tmkit` executable built beside the tests.
struct TMKitBinary {
    let url: URL

    init() throws {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tmkit"),
            packageRoot.appendingPathComponent(".build/debug/tmkit"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "tmkit binary not found next to the tests"])
        }
        url = found
    }

    func start(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        // Alignment without embeddings unless a test asks: the same results whatever this machine has installed.
        process.environment = ProcessInfo.processInfo.environment.merging(["TMKIT_EMBEDDER": "none"].merging(environment) { $1 }) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs to completion; returns exit status, stdout and stderr.
    func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let (process, out, err) = try start(arguments, environment: environment, directory: directory)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

func scratchFolder() throws -> String {
    let path = NSTemporaryDirectory() + "tmkit-cli-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func writePairs(_ path: String, _ pairs: [(String, String)]) throws {
    let text = "en\tzh\n" + pairs.map { "\($0.0)\t\($0.1)" }.joined(separator: "\n") + "\n"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

@Suite("Command line", .serialized)
struct CommandLineTests {
    @Test func importLookupConcordanceAndStats() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite"
        try writePairs(dir + "/pairs.tsv", [("Cloud revenue rose 12%.", "云收入增长12%。"), ("Chips sold out.", "芯片售罄。")])
        let imported = try tmkit.run(["import", "tsv", "--db", db, dir + "/pairs.tsv"])
        #expect(imported.status == 0)
        #expect(imported.out.contains("2 added, 0 duplicates, 0 skipped"))
        let again = try tmkit.run(["import", "tsv", "--db", db, dir + "/pairs.tsv"])
        #expect(again.out.contains("already imported"))

        let lookup = try tmkit.run(["lookup", "--db", db, "--format", "json", "Cloud revenue rose 15%."])
        let matches = try #require(try JSONSerialization.jsonObject(with: Data(lookup.out.utf8)) as? [[String: Any]])
        let first = try #require(matches.first)
        #expect(first["score"] as? Int == 99)
        #expect(first["fuzzyScore"] as? Int == 75)
        #expect(first["target"] as? String == "云收入增长12%。")
        #expect(first["repairedTarget"] as? String == "云收入增长15%。")
        #expect(first["source"] as? String == "Cloud revenue rose 12%.")
        #expect(first["origin"] as? String == "tsv")
        #expect((first["differences"] as? [[String: Any]])?.first?["kind"] as? String == "numbers")

        let concordance = try tmkit.run(["concordance", "--db", db, "售罄"])
        #expect(concordance.out.contains("«售罄»"))

        let stats = try tmkit.run(["stats", "--db", db, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.out.utf8)) as? [String: Any])
        #expect(json["units"] as? Int == 2)
        #expect(json["documents"] as? Int == 1)
    }

    @Test func badFileExitsTwoAndOtherFilesStillImport() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite"
        try Data("en\tzh\nGood.\t好。\nBad row\n".utf8).write(to: URL(fileURLWithPath: dir + "/bad.tsv"))
        try writePairs(dir + "/good.tsv", [("Fine.", "很好。")])
        let result = try tmkit.run(["import", "tsv", "--db", db, "--strict", dir + "/bad.tsv", dir + "/good.tsv"])
        #expect(result.status == 2)
        #expect(result.err.contains("bad.tsv:3:"))
        #expect(result.out.contains("good.tsv: 1 added"))
        let stats = try tmkit.run(["stats", "--db", db, "--format", "json"])
        #expect(stats.out.contains("\"units\" : 1"))
        // Without --strict the bad row is skipped, named, and the good one stored.
        let lenient = try tmkit.run(["import", "tsv", "--db", db, dir + "/bad.tsv"])
        #expect(lenient.status == 0 && lenient.out.contains("1 added, 0 duplicates, 1 skipped") && lenient.err.contains("bad.tsv:3:"))
    }

    @Test func glossaryFolderIsSyncedAndUsed() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite", folder = dir + "/glossary"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("en\tzh\tstatus\nregulator\t监管机构\tpreferred\ncloud computing\t云端运算\tforbidden\ncloud computing\t云计算\tpreferred\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/desk.tsv"))
        let find = try tmkit.run(["glossary", "find", "--db", db, "--glossary", folder, "--format", "json", "--text", "Regulators and laws."])
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(find.out.utf8)) as? [[String: Any]])
        #expect(hits.map { $0["text"] as? String } == ["Regulators"])
        #expect(hits.first?["en"] as? String == "regulator")
        #expect(hits.first?["zh"] as? String == "监管机构")
        #expect(hits.first?["start"] as? Int == 0)
        #expect(hits.first?["end"] as? Int == 10)

        // Editing the file is picked up on the next command.
        try Data("en\tzh\nregulator\t监管部门\n".utf8).write(to: URL(fileURLWithPath: folder + "/desk.tsv"))
        let lookup = try tmkit.run(["glossary", "lookup", "--db", db, "--glossary", folder, "regulator"])
        #expect(lookup.out.contains("监管部门") && !lookup.out.contains("监管机构"))

        let added = try tmkit.run(["glossary", "add", "--db", db, "--glossary", folder, "data center", "数据中心", "--note", "plural too"])
        #expect(added.status == 0)
        #expect(try String(contentsOfFile: folder + "/added.tsv", encoding: .utf8).contains("data center\t数据中心"))
        let empty = try tmkit.run(["glossary", "add", "--db", db, "--glossary", folder, " ", "空"])
        #expect(empty.status == 2)
        #expect(empty.err.contains("empty"))

        try Data("en\tzh\nThe regulator fined it $5 billion.\t监管部门对其罚款5亿美元。\nData centers grew.\t数据中心增加了。\n".utf8)
            .write(to: URL(fileURLWithPath: dir + "/pairs.tsv"))
        let check = try tmkit.run(["glossary", "check", "--db", db, "--glossary", folder, "--format", "json", dir + "/pairs.tsv"])
        #expect(check.status == 1)
        let problems = try #require(try JSONSerialization.jsonObject(with: Data(check.out.utf8)) as? [[String: Any]])
        #expect(problems.compactMap { $0["kind"] as? String } == ["number-mismatch", "number-mismatch"])

        let exported = dir + "/out.tbx"
        #expect(try tmkit.run(["glossary", "export", "--db", db, "--glossary", folder, exported]).status == 0)
        try FileManager.default.createDirectory(atPath: dir + "/none", withIntermediateDirectories: true)  // an empty glossary
        let other = try tmkit.run(["glossary", "import", "--db", dir + "/other.sqlite", "--glossary", dir + "/none", exported])
        #expect(other.out.contains("2 added"))
    }

    @Test func alignShowsLinksAndEscapesHTML() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        try Data("Prices <script>alert(1)</script> rose 5%.\n\nDemand was strong. Supply was not.\n".utf8).write(to: URL(fileURLWithPath: dir + "/en.txt"))
        try Data("价格上涨5%。\n\n需求强劲，供应则不然。\n".utf8).write(to: URL(fileURLWithPath: dir + "/zh.txt"))
        let json = try tmkit.run(["align", dir + "/en.txt", dir + "/zh.txt", "--format", "json"])
        let links = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        #expect(links.count == 2)
        #expect((links[1]["en"] as? [String])?.count == 2)
        #expect((links[1]["zh"] as? [String]) == ["需求强劲，供应则不然。"])
        #expect(links.allSatisfy { ($0["confidence"] as? Double).map { $0 >= 0 && $0 <= 1 } ?? false })
        let html = try tmkit.run(["align", dir + "/en.txt", dir + "/zh.txt", "--format", "html"])
        // The review page: the article's text travels as JSON with every < escaped, and is shown with textContent.
        #expect(html.out.contains("Prices \\u003cscript\\u003ealert(1)"))
        #expect(!html.out.contains("<script>alert"))
        #expect(html.out.contains("<title>Review: en.txt ↔ zh.txt</title>"))
        let same = try tmkit.run(["align", dir + "/en.txt", dir + "/en.txt"])
        #expect(same.status == 2)
        #expect(same.err.contains("not in Chinese"))
    }

    @Test func tmxExportIsValidAndRoundTrips() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        try Data("""
        <tmx version="1.4"><header srclang="en"/><body>
        <tu><tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Start &amp; go<ept i="1">&lt;/b&gt;</ept> now<ph x="2">&lt;br/&gt;</ph></seg></tuv>
        <tuv xml:lang="zh-TW"><seg>現在按<bpt i="1">&lt;b&gt;</bpt>開始<ept i="1">&lt;/b&gt;</ept><ph x="2">&lt;br/&gt;</ph></seg></tuv></tu>
        <tu><tuv xml:lang="en"><seg>Quotes "and" &lt;angles&gt;</seg></tuv><tuv xml:lang="zh"><seg>引号“和”尖括号</seg></tuv></tu>
        </body></tmx>
        """.utf8).write(to: URL(fileURLWithPath: dir + "/in.tmx"))
        #expect(try tmkit.run(["import", "tmx", "--db", dir + "/a.sqlite", dir + "/in.tmx"]).status == 0)
        #expect(try tmkit.run(["export", "tmx", "--db", dir + "/a.sqlite", "-o", dir + "/out.tmx"]).status == 0)
        #expect(try tmkit.run(["import", "tmx", "--db", dir + "/b.sqlite", dir + "/out.tmx"]).out.contains("2 added"))
        #expect(try tmkit.run(["export", "tmx", "--db", dir + "/b.sqlite", "-o", dir + "/again.tmx"]).status == 0)
        // Same units after the round trip (ids and dates aside).
        let segments = { (s: String) in s.components(separatedBy: "<seg>").dropFirst().map { $0.components(separatedBy: "</seg>")[0] } }
        let first = try String(contentsOfFile: dir + "/out.tmx", encoding: .utf8), second = try String(contentsOfFile: dir + "/again.tmx", encoding: .utf8)
        #expect(first.contains("<bpt i=\"1\">&lt;b&gt;</bpt>Start &amp; go<ept i=\"1\">&lt;/b&gt;</ept>"))
        #expect(segments(first).count == 4)
        #expect(segments(first).contains("引号“和”尖括号"))
        #expect(segments(first) == segments(second))
        let dtd = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/formats/tmx14.dtd").path
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") && FileManager.default.fileExists(atPath: dtd) {
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
            check.arguments = ["--noout", "--dtdvalid", dtd, dir + "/out.tmx"]
            try check.run()
            check.waitUntilExit()
            #expect(check.terminationStatus == 0)
        }
    }

    @Test func bilingualExports() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite"
        try writePairs(dir + "/p.tsv", [("Use <b> & \"quotes\".", "使用<b>和“引号”。"), ("Second one.", "第二句。")])
        #expect(try tmkit.run(["import", "tsv", "--db", db, dir + "/p.tsv"]).status == 0)
        for format in ["xliff", "html", "md", "tsv"] {
            #expect(try tmkit.run(["export", format, "--db", db, "--document", "p.tsv", "-o", dir + "/out." + format]).out.contains("2 units"))
        }
        let html = try String(contentsOfFile: dir + "/out.html", encoding: .utf8)
        #expect(html.contains("Use &lt;b&gt; &amp; &quot;quotes&quot;.") && !html.contains("<b> &"))
        let md = try String(contentsOfFile: dir + "/out.md", encoding: .utf8)
        #expect(md == "Use <b> & \"quotes\".\n\n使用<b>和“引号”。\n\nSecond one.\n\n第二句。\n\n")
        let back = try tmkit.run(["import", "xliff", "--db", dir + "/b.sqlite", dir + "/out.xliff"])
        #expect(back.out.contains("2 added"))
        let none = try tmkit.run(["export", "tmx", "--db", db, "--since", "2999-01-01", "-o", dir + "/none.tmx"])
        #expect(none.out.contains("0 units"))
    }

    @Test func alignedArticleExportsKeepHeadingsAndParagraphs() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite"
        try Data("# Chip Sales Climb\n\nSales of chips rose 12% in May. Demand came from data centers.\n\n## Outlook\n\nPrices fell slightly.\n".utf8)
            .write(to: URL(fileURLWithPath: dir + "/story.en.md"))
        try Data("# 芯片销量攀升\n\n5月芯片销量增长12%。需求来自数据中心。\n\n## 展望\n\n价格略有下降。\n".utf8)
            .write(to: URL(fileURLWithPath: dir + "/story.zh.md"))
        try FileManager.default.createDirectory(atPath: dir + "/none", withIntermediateDirectories: true)  // an empty glossary
        let imported = try tmkit.run(["import", "article", "--db", db, "--glossary", dir + "/none", "--accept-all", dir + "/story.en.md", dir + "/story.zh.md"])
        #expect(imported.out.contains("5 added"))
        let md = try tmkit.run(["export", "md", "--db", db, "--document", "story.en"])
        #expect(md.out.contains("# Chip Sales Climb\n\n# 芯片销量攀升\n\n"))
        #expect(md.out.contains("Sales of chips rose 12% in May. Demand came from data centers.\n\n5月芯片销量增长12%。需求来自数据中心。\n\n"))
        #expect(md.out.contains("## Outlook\n\n## 展望\n\n"))
        let html = try tmkit.run(["export", "html", "--db", db, "--document", "story.en"])
        #expect(html.out.contains("<h3>Outlook</h3>"))
        #expect(html.out.contains("<p>Sales of chips rose 12% in May. Demand came from data centers.</p>"))
    }

    @Test func twoProcessesImportingAtOnceLoseNothing() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite"
        let shared = (0..<500).map { ("Shared sentence number \($0).", "共享句子第\($0)号。") }
        try writePairs(dir + "/a.tsv", shared + (0..<1500).map { ("Desk A sentence \($0).", "A组句子\($0)。") })
        try writePairs(dir + "/b.tsv", shared + (0..<1500).map { ("Desk B sentence \($0).", "B组句子\($0)。") })
        let first = try tmkit.start(["import", "tsv", "--db", db, dir + "/a.tsv"])
        let second = try tmkit.start(["import", "tsv", "--db", db, dir + "/b.tsv"])
        for (process, _, _) in [first, second] { process.waitUntilExit() }
        #expect(first.0.terminationStatus == 0)
        #expect(second.0.terminationStatus == 0)
        let stats = try tmkit.run(["stats", "--db", db, "--format", "json"])
        #expect(stats.out.contains("\"units\" : 3500"))
    }

    @Test func killedImportLeavesNothingHalfWrittenAndCanBeRerun() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite"
        try writePairs(dir + "/seed.tsv", [("Already here.", "已经在这里。")])
        #expect(try tmkit.run(["import", "tsv", "--db", db, dir + "/seed.tsv"]).status == 0)
        try writePairs(dir + "/big.tsv", (0..<60_000).map { ("Imported sentence number \($0) about cloud chips.", "关于云芯片的第\($0)句。") })
        let (process, _, _) = try tmkit.start(["import", "tsv", "--db", db, dir + "/big.tsv"])
        Thread.sleep(forTimeInterval: 0.3)
        #expect(process.isRunning, "the import finished before it could be interrupted")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let stats = try tmkit.run(["stats", "--db", db, "--format", "json"])
        #expect(stats.out.contains("\"units\" : 1"))
        #expect(stats.out.contains("\"imports\" : 1"))
        let rerun = try tmkit.run(["import", "tsv", "--db", db, dir + "/big.tsv"])
        #expect(rerun.status == 0)
        #expect(rerun.out.contains("60000 added"))
    }
}

@Suite("Command line: repairs and fragments")
struct LookupFragmentsCommandTests {
    @Test func fragmentsForASentenceWithoutAMatch() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite"
        try writePairs(dir + "/pairs.tsv", [
            ("The central bank said on Thursday that it would keep interest rates unchanged.", "央行周四表示，将维持利率不变。"),
            ("Analysts expect that it would keep interest rates unchanged until June.", "分析人士预计，在6月之前将维持利率不变。"),
        ])
        #expect(try tmkit.run(["import", "tsv", "--db", db, dir + "/pairs.tsv"]).status == 0)
        let query = "Most economists think the government would keep interest rates unchanged for now."
        let json = try tmkit.run(["lookup", "--db", db, "--fragments", "--format", "json", query])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect((object["matches"] as? [Any])?.isEmpty == true)
        let fragment = try #require((object["fragments"] as? [[String: Any]])?.first)
        #expect(fragment["text"] as? String == "would keep interest rates unchanged")
        #expect(fragment["count"] as? Int == 2)
        #expect(fragment["translation"] as? String == "将维持利率不变")
        let table = try tmkit.run(["lookup", "--db", db, "--fragments", query])
        #expect(table.out.contains("would keep interest rates unchanged  →  将维持利率不变   (2 units)"))
        // Without --fragments the JSON stays an array of matches.
        #expect(try tmkit.run(["lookup", "--db", db, "--format", "json", query]).out.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("["))
    }

    @Test func jobCommandsCreateListExportAndTakeBackAnXLIFF() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite"
        try writePairs(dir + "/pairs.tsv", [("The museum reopens on Saturday.", "博物馆周六重新开放。")])
        _ = try tmkit.run(["import", "tsv", "--db", db, dir + "/pairs.tsv"])
        try Data("# Museum news\n\nThe museum reopens on Saturday. Entry stays free.\n".utf8).write(to: URL(fileURLWithPath: dir + "/museum.md"))
        try FileManager.default.createDirectory(atPath: dir + "/none", withIntermediateDirectories: true)  // an empty glossary
        let created = try tmkit.run(["job", "create", "--db", db, "--glossary", dir + "/none", "--user", "ana", dir + "/museum.md"])
        #expect(created.status == 0)
        #expect(created.out.contains("job 1  museum.md  0/3 segments"))
        #expect(created.out.contains("1 of 3 segments filled from the memory"))

        // The XLIFF out, translated "in another tool", and back.
        // Every job command names the same (empty) glossary: the checkout's own would be synced in otherwise.
        let xliff = try tmkit.run(["job", "export", "1", "--db", db, "--glossary", dir + "/none", "--format", "xliff"]).out
        let translated = xliff.replacingOccurrences(of: "<segment state=\"initial\">\n        <source>Museum news</source>",
                                                    with: "<segment state=\"final\">\n        <source>Museum news</source>\n        <target>博物馆消息</target>")
        #expect(translated != xliff)
        try Data(translated.utf8).write(to: URL(fileURLWithPath: dir + "/back.xlf"))
        let back = try tmkit.run(["job", "import", "1", "--db", db, "--glossary", dir + "/none", "--user", "bo", dir + "/back.xlf"])
        #expect(back.status == 0)
        #expect(back.out.contains("1 segments confirmed"))
        #expect(try tmkit.run(["job", "list", "--db", db, "--glossary", dir + "/none"]).out.contains("1/3 segments, 2/10 words confirmed"))
        let article = try tmkit.run(["job", "export", "1", "--db", db, "--glossary", dir + "/none"])  // the job's own format: Markdown
        // The sentence filled from the memory is still a draft: marked, or in English with --only-confirmed.
        #expect(article.out.hasPrefix("# 博物馆消息\n\n【草稿 draft】博物馆周六重新开放。Entry stays free."))
        #expect(article.err.contains("1 draft segment(s) marked"))
        let confirmedOnly = try tmkit.run(["job", "export", "1", "--db", db, "--glossary", dir + "/none", "--only-confirmed"])
        #expect(confirmedOnly.out.hasPrefix("# 博物馆消息\n\nThe museum reopens on Saturday. Entry stays free."))
        #expect(try tmkit.run(["history", "--db", db]).out.contains("bo"))

        // Refusals name what to fix.
        let wrongJob = try tmkit.run(["job", "import", "7", "--db", db, dir + "/back.xlf"])
        #expect(wrongJob.status == 2 && wrongJob.err.contains("there is no job 7"))
        try Data([0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: dir + "/blob.txt"))
        let binary = try tmkit.run(["job", "create", "--db", db, dir + "/blob.txt"])
        #expect(binary.status == 2 && binary.err.contains("binary"))
    }
}
