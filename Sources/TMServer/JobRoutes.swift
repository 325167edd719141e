import Foundation
import Hummingbird
import TMGlossary
import TMKit
import TMMemory
import TMText

/// Jobs over HTTP: the JSON API (`/jobs`, `/jobs/{id}`, its segments and
/// exports) and, for a browser (`Accept: text/html`), the job list and the
/// editor page (`JobPage`). Reads need read access; every save needs a write
/// token, whose name the memory records as the translator.
struct JobRoutes {
    let shared: ServedMemory
    let access: Access
    let bodyLimit: Int
    let saves: SaveQueue

    struct CreateBody: Decodable { var text: String; var name: String?; var format: String?; var document: String?; var token: String? }
    struct SaveBody: Decodable { var zh: String; var version: Int64?; var status: String? }
    struct CheckBody: Decodable { var zh: String }
    struct SaveResult: Encodable { var segments: [JobSegment]; var job: JobRecord }
    struct Conflict: Encodable { var error: ErrorBody.Inner; var current: JobSegment }
    struct Problems: Encodable { var problems: [TermProblem] }

    private var jobs: TranslationJobs { TranslationJobs(memory: shared.store, recognizer: shared.recognizer) }

    func add(to router: Router<BasicRequestContext>) {
        router.get("/jobs") { request, _ in
            try access.checkRead(request)
            let jobs = self.jobs
            let list = try await shared.read { try jobs.list() }
            return wantsHTML(request) ? HTMLBody.response(JobPage.list(list)) : try JSONBody.response(list)
        }
        router.post("/jobs") { request, _ in try await create(request) }
        router.get("/jobs/:id") { request, context in
            try access.checkRead(request)
            let id = try jobID(context), jobs = self.jobs
            if wantsHTML(request) {
                let active = try Query(request).int("s", default: 0, in: 0...Int.max)
                let (job, segments) = try await shared.read { try jobs.open(id) }
                let n = active > 0 ? active : (segments.first { $0.status != .confirmed } ?? segments[0]).n
                let help = try await shared.read { try jobs.help(job: id, segment: min(n, segments.count)) }
                return HTMLBody.response(JobPage.editor(job: job, segments: segments, help: help))
            }
            let (job, segments) = try await shared.read { try jobs.open(id) }
            return try JSONBody.response(JobJSON(job: job, segments: segments))
        }
        router.get("/jobs/:id/segments/:n") { request, context in
            try access.checkRead(request)
            let (id, n) = (try jobID(context), try segmentNumber(context))
            let jobs = self.jobs
            let help = try await shared.read { try jobs.help(job: id, segment: n) }
            return wantsHTML(request) ? HTMLBody.response(JobPage.panel(help)) : try JSONBody.response(SegmentHelpJSON(help))
        }
        router.put("/jobs/:id/segments/:n") { request, context in
            let user = try access.checkWrite(request)
            let (id, n) = (try jobID(context), try segmentNumber(context))
            let body = try await decode(SaveBody.self, from: request)
            guard ["confirmed", "draft", nil].contains(body.status) else { throw InvalidInput("status must be confirmed or draft") }
            return try await save(job: id, n: n, zh: body.zh, confirm: body.status != "draft", version: body.version, user: user)
        }
        router.post("/jobs/:id/segments/:n/check") { request, context in
            try access.checkRead(request)
            let (id, n) = (try jobID(context), try segmentNumber(context))
            let body = try await decode(CheckBody.self, from: request)
            let jobs = self.jobs
            let segment = try await shared.read {
                try jobs.memory.readJobs { try $0.jobSegments(id, numbers: [n]).first }
            }
            guard let segment else { throw JobError.unknownSegment(job: id, n: n) }
            return try JSONBody.response(Problems(problems: jobs.check(en: segment.en, zh: body.zh)))
        }
        router.get("/jobs/:id/export") { request, context in
            try access.checkRead(request)
            let id = try jobID(context), jobs = self.jobs
            let query = try Query(request)
            let requested = query.value("format")
            guard let drafts = DraftHandling(rawValue: query.value("drafts") ?? DraftHandling.marked.rawValue) else {
                throw InvalidInput("drafts must be one of \(DraftHandling.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let (record, text) = try await shared.read { () -> (JobRecord, String) in
                let record = try jobs.open(id).record
                guard let format = JobExportFormat(rawValue: requested ?? record.format) else {
                    throw InvalidInput("format must be one of \(JobExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return (record, try jobs.export(id, format: format, drafts: drafts))
            }
            let format = JobExportFormat(rawValue: requested ?? record.format)!
            let base = APIRoutes.safeFileName((record.name as NSString).deletingPathExtension)
            return Response(status: .ok,
                            headers: [.contentType: format.mediaType, .xContentTypeOptions: "nosniff",
                                      .contentDisposition: "attachment; filename=\"\(base.replacingOccurrences(of: "\"", with: "")).\(format.fileExtension)\""],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.post("/jobs/:id/import") { request, context in
            let user = try access.checkWrite(request)
            let id = try jobID(context), jobs = self.jobs
            try RequestBody.checkDeclaredLength(request, limit: bodyLimit)
            let buffer = try await request.body.collect(upTo: bodyLimit)
            let path = NSTemporaryDirectory() + "tmkit-job-\(UUID().uuidString).xlf"
            try Data(buffer.readableBytesView).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let result = try await shared.write { try jobs.importXLIFF(id, path: path, user: user) }
            return try JSONBody.response(result)
        }
        // The editor without script: one form for the whole job, a confirm button per segment.
        router.post("/jobs/:id/save") { request, context in
            let id = try jobID(context)
            let fields = try await formFields(request)
            let user = try access.checkWrite(token: fields["token"] ?? "")
            guard let n = fields["confirm"].flatMap(Int.init) ?? fields["draft"].flatMap(Int.init) else {
                throw InvalidInput("the form names no segment to confirm or save")
            }
            let response = try await save(job: id, n: n, zh: fields["zh-\(n)"] ?? "", confirm: fields["confirm"] != nil,
                                          version: fields["version-\(n)"].flatMap { Int64($0) }, user: user)
            if response.status == .conflict {
                // The page again, at this segment, saying who saved it first.
                let jobs = self.jobs
                let (job, segments) = try await shared.read { try jobs.open(id) }
                let help = try await shared.read { try jobs.help(job: id, segment: n) }
                let current = segments[n - 1]
                let notice = "Segment \(n) was saved by \(current.changedBy ?? "someone") first: “\(current.zh)”. Yours was not saved · 已被他人保存"
                return HTMLBody.response(JobPage.editor(job: job, segments: segments, help: help, notice: notice), status: .conflict)
            }
            guard response.status == .ok else { return response }
            let next = fields["confirm"] != nil ? n + 1 : n
            return Response(status: .seeOther, headers: [.location: "/jobs/\(id)?s=\(next)#s\(next)"])
        }
    }

    private func create(_ request: Request) async throws -> Response {
        let isForm = request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") ?? false
        let body: CreateBody
        let user: String
        if isForm {
            let fields = try await formFields(request)
            body = CreateBody(text: fields["text"] ?? "", name: fields["name"], format: fields["format"], document: fields["document"])
            user = try access.checkWrite(token: fields["token"] ?? "")
        } else {
            user = try access.checkWrite(request)
            body = try await decode(CreateBody.self, from: request)
        }
        let name = APIRoutes.safeFileName(body.name?.isEmpty == false ? body.name! : "article.txt")
        let format: ArticleFormat? = try body.format.flatMap { $0.isEmpty ? nil : $0 }.map { raw in
            guard let format = ArticleFormat(rawValue: raw) else { throw InvalidInput("format must be txt, md or html") }
            return format
        }
        let jobs = self.jobs
        let document = body.document?.isEmpty == false ? body.document! : name
        let job = try await shared.write {
            try jobs.create(bytes: Array(body.text.utf8), fileName: name, format: format, name: name, documentName: document, user: user)
        }
        if isForm { return Response(status: .seeOther, headers: [.location: "/jobs/\(job.id)"]) }
        var response = try JSONBody.response(job, status: .created)
        response.headers[.location] = "/jobs/\(job.id)"
        return response
    }

    /// Saves a segment (with the saves of others arriving meanwhile, see
    /// `SaveQueue`); a save by someone else since `version` answers 409 with
    /// the segment as it is now.
    private func save(job id: Int64, n: Int, zh: String, confirm: Bool, version: Int64?, user: String) async throws -> Response {
        let request = TranslationJobs.SaveRequest(job: id, segment: n, zh: zh, confirm: confirm, ifVersion: version, user: user)
        switch await saves.save(request) {
        case .success(let (saved, record)):
            return try JSONBody.response(SaveResult(segments: saved.segments, job: record))
        case .failure(JobError.conflict(let current)):
            return try JSONBody.response(Conflict(error: .init(message: JobError.conflict(current: current).description), current: current),
                                         status: .conflict)
        case .failure(let error):
            throw error
        }
    }

    private func wantsHTML(_ request: Request) -> Bool {
        request.headers[.accept]?.contains("text/html") ?? false
    }

    private func jobID(_ context: BasicRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self), id > 0 else { throw InvalidInput("the job id must be a whole number above 0") }
        return id
    }

    private func segmentNumber(_ context: BasicRequestContext) throws -> Int {
        guard let n = context.parameters.get("n", as: Int.self), n > 0 else { throw InvalidInput("the segment number must be a whole number above 0") }
        return n
    }

    private func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try await RequestBody.decode(type, from: request, limit: bodyLimit)
    }

    private func formFields(_ request: Request) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: bodyLimit)
        do {
            return try URLEncodedFormDecoder().decode([String: String].self, from: String(decoding: buffer.readableBytesView, as: UTF8.self))
        } catch {
            throw InvalidInput("the form could not be read (application/x-www-form-urlencoded)")
        }
    }
}
