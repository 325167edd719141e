import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `tmkit serve` on a free port of 127.0.0.1, over a scratch memory
/// and glossary, stopped when the test is done.
final class ServerProcess {
    let folder: String
    let db: String
    let token = "test-write-token-0123456789abcdef"
    let readToken = "test-read-token-0123456789abcdef"
    private(set) var base: URL!
    private var process: Process?

    /// `pairs` are imported before the server starts; `arguments` are added to `tmkit serve`.
    /// `tokenFile`: the write-token file's text (by default the one token alone).
    /// `database`: the memory's location (default a SQLite file in the scratch folder).
    init(pairs: [(String, String)] = ServerProcess.newsroomPairs, arguments: [String] = ["--token-file", "TOKEN"],
         tokenFile: String? = nil, database: String? = nil, folderName: String = "tmkit-serve", environment: [String: String] = [:]) throws {
        folder = NSTemporaryDirectory() + "\(folderName)-\(UUID().uuidString)"
        db = database ?? folder + "/tm.sqlite"
        try FileManager.default.createDirectory(atPath: folder + "/glossary", withIntermediateDirectories: true)
        try Data("en\tzh\tstatus\nregulator\t监管机构\tpreferred\nsemiconductor\t半导体\tpreferred\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/glossary/terms.tsv"))
        try Data((tokenFile ?? "\(token)\n").utf8).write(to: URL(fileURLWithPath: folder + "/token"))
        try Data("\(readToken)\n".utf8).write(to: URL(fileURLWithPath: folder + "/read-token"))
        let tsv = "en\tzh\n" + pairs.map { "\($0.0)\t\($0.1)" }.joined(separator: "\n") + "\n"
        try Data(tsv.utf8).write(to: URL(fileURLWithPath: folder + "/pairs.tsv"))
        let imported = try Self.tmkit(["import", "tsv", "--db", db, folder + "/pairs.tsv"])
        guard imported.status == 0 else { throw ServerError.failed("import: \(imported.err)") }
        // A shared memory takes the glossary folder only when asked (a memory file syncs it on its own).
        let synced = try Self.tmkit(["glossary", "sync", folder + "/glossary", "--db", db])
        guard synced.status == 0 else { throw ServerError.failed("glossary sync: \(synced.err)") }

        let args = arguments.map { $0 == "TOKEN" ? folder + "/token" : $0 == "READTOKEN" ? folder + "/read-token" : $0 }
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--db", db, "--glossary", folder + "/glossary", "--port", "0"] + args
        // Alignment without embeddings: the same results whatever this machine has installed.
        process.environment = ProcessInfo.processInfo.environment.merging(["TMKIT_EMBEDDER": "none"].merging(environment) { $1 }) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // The first line says where it listens.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { throw ServerError.failed("tmkit serve exited before listening") }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression) else {
            throw ServerError.failed("unexpected first line: \(text)")
        }
        base = URL(string: String(text[range]))!
    }

    deinit {
        process?.terminate()
        process?.waitUntilExit()
        try? FileManager.default.removeItem(atPath: folder)
    }

    static let newsroomPairs: [(String, String)] = [
        ("The regulator fined the bank on Tuesday.", "监管机构周二对该银行处以罚款。"),
        ("Semiconductor exports rose 8% in March.", "三月份半导体出口增长8%。"),
        ("The port reopened after the storm.", "暴风雨过后，港口重新开放。"),
    ]

    struct Reply {
        var status: Int
        var body: Data
        var headers: [String: String]
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> Any { try JSONSerialization.jsonObject(with: body) }
        var errorMessage: String? { ((try? json()) as? [String: Any]).flatMap { $0["error"] as? [String: Any] }?["message"] as? String }
    }

    func get(_ path: String, token: String? = nil) async throws -> Reply {
        try await send("GET", path, body: nil, token: token)
    }

    func post(_ path: String, json: Any, token: String? = nil) async throws -> Reply {
        try await send("POST", path, body: try JSONSerialization.data(withJSONObject: json), contentType: "application/json", token: token)
    }

    func send(_ method: String, _ path: String, body: Data?, contentType: String? = nil, token: String? = nil,
              headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields { headers[String(describing: k).lowercased()] = String(describing: v) }
        return Reply(status: http.statusCode, body: data, headers: headers)
    }

    static func binary() throws -> URL {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tmkit"),
            packageRoot.appendingPathComponent(".build/debug/tmkit"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ServerError.failed("tmkit binary not found next to the tests")
        }
        return found
    }

    /// Runs a tmkit command to completion.
    static func tmkit(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    enum ServerError: Error { case failed(String) }
}
