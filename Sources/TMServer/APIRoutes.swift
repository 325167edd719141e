import Foundation
import Hummingbird
import TMFormats
import TMGlossary
import TMKit
import TMMemory
import TMText

/// The JSON API. Each handler parses its request, calls the library, and
/// answers in the shape the command line prints with `--format json`.
struct APIRoutes {
    let shared: ServedMemory
    let access: Access
    let bodyLimit: Int

    func add(to router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in try await health() }
        router.get("/stats") { request, _ in
            try access.checkRead(request)
            let store = shared.store
            return try JSONBody.response(PublicDescription.Stats(try await shared.read { try store.stats() }))
        }
        router.get("/lookup") { request, _ in try await lookup(request) }
        router.get("/concordance") { request, _ in try await concordance(request) }
        router.get("/glossary/lookup") { request, _ in
            try access.checkRead(request)
            let term = try Query(request).required("term")
            return try JSONBody.response(shared.glossaryLookup.lookup(term))
        }
        router.post("/glossary/find") { request, _ in
            try access.checkRead(request)
            let body = try await decode(TextBody.self, from: request)
            return try JSONBody.response(shared.recognizer.find(in: body.text))
        }
        router.post("/coverage") { request, _ in try await coverage(request) }
        router.post("/units") { request, _ in try await addUnit(request) }
        router.post("/glossary/terms") { request, _ in try await addTerm(request) }
        router.post("/import") { request, _ in try await importFile(request) }
        router.get("/export.tmx") { request, _ in try exportTMX(request) }
        addMaintenance(to: router)
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_json)))
        }
    }

    // MARK: Reads

    private func health() async throws -> Response {
        struct Health: Encodable { var status: String; var units: Int }
        let store = shared.store
        let units = try await shared.read { try store.unitCount() }
        return try JSONBody.response(Health(status: "ok", units: units))
    }

    private func lookup(_ request: Request) async throws -> Response {
        try access.checkRead(request)
        let query = try Query(request)
        let text = try query.required("q")
        let minScore = try query.int("min", default: 70, in: 0...100)
        let limit = try query.int("limit", default: 5, in: 1...100)
        let language = try query.language("lang") ?? Language.detect(text)
        let finder = MatchFinder(memory: shared.store, recognizer: shared.recognizer)
        let filter = try query.filter()
        let matches = try await shared.read { try finder.lookup(text, language: language, minScore: minScore, limit: limit, filter: filter) }
        guard query.value("fragments") == "true" else { return try JSONBody.response(matches.map(MatchJSON.init)) }
        let fragmentsBelow = try query.int("fragmentsBelow", default: minScore, in: 0...101)
        let fragments = (matches.first?.score ?? 0) < fragmentsBelow ? try await shared.read { try finder.fragments(text, language: language) } : []
        return try JSONBody.response(LookupJSON(matches: matches, fragments: fragments))
    }

    private func concordance(_ request: Request) async throws -> Response {
        try access.checkRead(request)
        let query = try Query(request)
        let text = try query.required("q")
        let limit = try query.int("limit", default: 20, in: 1...200)
        let language = try query.language("lang")
        let store = shared.store
        let filter = try query.filter()
        let hits = try await shared.read { try store.concordance(text, language: language, limit: limit, filter: filter) }
        return try JSONBody.response(hits.map(HitJSON.init))
    }

    private func coverage(_ request: Request) async throws -> Response {
        try access.checkRead(request)
        let body = try await decode(ArticleBody.self, from: request)
        guard let format = ArticleFormat(rawValue: body.format ?? "txt") else {
            throw InvalidInput("format must be txt, md or html")
        }
        let store = shared.store, recognizer = shared.recognizer
        let name = body.name ?? "article"
        let report = try await shared.read {
            try CoverageAnalysis(memory: store, recognizer: recognizer).analyse(texts: [(name, body.text, format)])
        }
        return try JSONBody.response(CoverageJSON(report.files, total: report.total))
    }

    // MARK: Writes

    private func addUnit(_ request: Request) async throws -> Response {
        let writer = try access.checkWrite(request)
        let body = try await decode(UnitBody.self, from: request)
        let store = shared.store
        let summary = try await shared.write {
            try ManualEntry.add(en: body.en, zh: body.zh, document: body.document, user: body.user ?? writer, to: store)
        }
        return try JSONBody.response(ImportSummaryJSON(summary), status: summary.added > 0 ? .created : .ok)
    }

    private func addTerm(_ request: Request) async throws -> Response {
        try access.checkWrite(request)
        let body = try await decode(TermBody.self, from: request)
        guard let status = TermStatus(loose: body.status ?? "preferred") else {
            throw InvalidInput("status must be preferred, admitted or forbidden")
        }
        let entry = GlossaryEntry(en: body.en, zh: body.zh, status: status, pos: body.pos ?? "", note: body.note ?? "")
        let shared = self.shared
        let summary = try await shared.write {
            let summary = try shared.glossaryService.add(entry)
            try shared.reloadGlossary()
            return summary
        }
        return try JSONBody.response(summary, status: .created)
    }

    /// The body is the file itself, spooled to a temporary file as it arrives
    /// (a client that goes away mid-upload leaves nothing behind), then
    /// imported as one transaction like `tmkit import`.
    private func importFile(_ request: Request) async throws -> Response {
        let writer = try access.checkWrite(request)
        let query = try Query(request)
        let name = Self.safeFileName(query.value("name") ?? "upload")
        guard let format = try query.value("format").map({ value -> UnitFormat in
            guard let f = UnitFormat(rawValue: value.lowercased()) else { throw InvalidInput("format must be tmx, tsv, csv or xliff") }
            return f
        }) ?? UnitFormat(path: name) else {
            throw InvalidInput("say which format the file is: ?format=tmx|tsv|csv|xliff, or a name with that extension")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmkit-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        try await spool(request, to: path)
        let store = shared.store
        let summary: ImportSummary
        // Bad units are skipped (counted by reason) unless ?strict=true refuses the whole upload.
        let strict = query.value("strict") == "true"
        do {
            summary = try await shared.write {
                var importer = FileImport(store: store, user: writer)
                importer.strict = strict
                return try importer.importFile(path, format: format)
            }
        } catch let error as TextInputError {
            // Name the upload as the client knows it, not the spool file.
            throw TextInputError(file: name, line: error.line, column: error.column, message: error.message)
        } catch let error as RejectedUnits {
            let first = error.rejections.first
            throw TextInputError(file: name, line: first?.line ?? 0, column: first?.column ?? 0,
                                 message: "\(first?.reason ?? "a unit cannot be stored") (strict: nothing stored; \(error.rejections.count) unit\(error.rejections.count == 1 ? "" : "s") in all)")
        }
        return try JSONBody.response(ImportSummaryJSON(summary), status: summary.added > 0 ? .created : .ok)
    }

    private func spool(_ request: Request, to path: String) async throws {
        try checkDeclaredLength(request)
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw InvalidInput("cannot store the upload on the server")
        }
        defer { try? handle.close() }
        var total = 0
        for try await buffer in request.body {
            total += buffer.readableBytes
            if total > bodyLimit { throw HTTPError(.contentTooLarge, message: "the upload is over the server's limit of \(bodyLimit) bytes") }
            try handle.write(contentsOf: buffer.readableBytesView)
        }
        guard total > 0 else { throw InvalidInput("the upload is empty") }
    }

    /// Streams the memory as TMX 1.4b: units are read in batches on a reader
    /// thread and handed over a few chunks at a time, so memory stays flat
    /// however large the memory is, and a slow client slows the reading.
    private func exportTMX(_ request: Request) throws -> Response {
        try access.checkRead(request)
        let filter = try Query(request).filter()
        let store = shared.store
        let (chunks, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let window = ChunkWindow(size: 8)
        continuation.onTermination = { _ in window.cancel() }
        Task.detached {
            do {
                try await shared.read {
                    var pending = ""
                    func send() throws {
                        try window.acquire()
                        continuation.yield(ByteBuffer(string: pending))
                        pending = ""
                    }
                    let writer = TMXWriter { text in
                        pending += text
                        if pending.utf8.count >= 1 << 16 { try send() }
                    }
                    try writer.begin()
                    try store.forEachUnitForExport(filter: filter) { try writer.add($0) }
                    try writer.end()
                    if !pending.isEmpty { try send() }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return Response(
            status: .ok,
            headers: [.contentType: "application/x-tmx+xml; charset=utf-8", .contentDisposition: "attachment; filename=\"memory.tmx\""],
            body: ResponseBody { writer in
                for try await chunk in chunks {
                    try await writer.write(chunk)
                    window.release()
                }
                try await writer.finish(nil)
            })
    }

    // MARK: Bodies

    func checkDeclaredLength(_ request: Request) throws {
        try RequestBody.checkDeclaredLength(request, limit: bodyLimit)
    }

    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try await RequestBody.decode(type, from: request, limit: bodyLimit)
    }

    /// The last path component, without anything a file system could read as a path.
    static func safeFileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0 != ":" }.prefix(120).map(Character.init))
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "upload" + cleaned : cleaned
    }
}

struct TextBody: Decodable { var text: String }
struct ArticleBody: Decodable { var text: String; var name: String?; var format: String? }
struct UnitBody: Decodable { var en: String; var zh: String; var document: String?; var user: String? }
struct TermBody: Decodable { var en: String; var zh: String; var status: String?; var pos: String?; var note: String? }

/// Query parameters with clear errors for missing or out-of-range values.
struct Query {
    private let parameters: [String: String]

    init(_ request: Request) throws {
        parameters = Query.decode(request.uri.query ?? "")
    }

    /// A query string as browsers' GET forms, Python's `urlencode` and
    /// `curl -G --data-urlencode` send it: `+` is a space, then percent
    /// escapes are UTF-8 bytes (`%2B` is a plus). Hummingbird's own
    /// `queryParameters` leaves `+` as it is, hence this. A name given twice keeps its last value.
    static func decode(_ query: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let field = { (raw: Substring) -> String in
                let spaced = raw.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            values[field(parts[0])] = parts.count > 1 ? field(parts[1]) : ""
        }
        return values
    }

    func value(_ name: String) -> String? {
        parameters[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    func required(_ name: String) throws -> String {
        guard let v = value(name), !v.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw InvalidInput("the query parameter \(name) is missing or empty")
        }
        return v
    }

    func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let raw = value(name) else { return fallback }
        guard let n = Int(raw), range.contains(n) else {
            throw InvalidInput("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    func language(_ name: String) throws -> Language? {
        guard let raw = value(name), raw != "auto" else { return nil }
        guard let language = Language(rawValue: raw) else { throw InvalidInput("\(name) must be en, zh or auto") }
        return language
    }
}

/// At most `size` chunks between the reading thread and the client.
final class ChunkWindow: @unchecked Sendable {
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var cancelled = false

    init(size: Int) { slots = DispatchSemaphore(value: size) }

    func acquire() throws {
        slots.wait()
        if lock.withLock({ cancelled }) { throw CancellationError() }
    }

    func release() { slots.signal() }

    /// The client went away: the reader stops at its next chunk.
    func cancel() {
        lock.withLock { cancelled = true }
        slots.signal()
    }
}
