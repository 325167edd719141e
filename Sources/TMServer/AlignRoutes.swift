import Foundation
import Hummingbird
import TMAlign
import TMKit
import TMMemory

/// Alignment review over HTTP: `POST /align` aligns two articles and keeps
/// the draft; `POST /align/{id}/commit` stores the links a reviewer confirmed;
/// `/align` is the page for both (paste or upload, review, confirm).
struct AlignRoutes {
    let shared: ServedMemory
    let access: Access
    let bodyLimit: Int
    let drafts: ReviewDrafts
    let aligner: AlignerOnce

    struct AlignBody: Decodable { var en: String; var zh: String; var enName: String?; var zhName: String? }
    struct CommitBody: Decodable {
        struct Link: Decodable { var en: [Int]; var zh: [Int] }
        var links: [Link]
    }
    struct CommitResult: Encodable { var added: Int; var duplicates: Int; var untranslated: Int; var importID: Int64?; var reviewer: String }

    func add(to router: Router<BasicRequestContext>) {
        router.get("/align") { request, _ in
            try access.checkRead(request)
            return html(AlignRoutes.form)
        }
        router.post("/align") { request, _ in
            try access.checkRead(request)
            let isForm = request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") ?? false
            let body: AlignBody
            let raw = try await collect(request)
            if isForm {
                guard let form = try? URLEncodedFormDecoder().decode(AlignBody.self, from: String(decoding: raw, as: UTF8.self)) else {
                    throw InvalidInput("the form needs two fields, en and zh (application/x-www-form-urlencoded)")
                }
                body = form
            } else {
                guard !raw.isEmpty else { throw InvalidInput("a JSON body is needed: {\"en\": …, \"zh\": …}") }
                body = try JSONDecoder().decode(AlignBody.self, from: Data(raw))
            }
            let draft = try await shared.read {
                try AlignmentReview.draft(en: body.en, zh: body.zh, enName: body.enName ?? "English", zhName: body.zhName ?? "Chinese",
                                          aligner: self.aligner.get())
            }
            drafts.keep(draft)
            return isForm ? html(try ReviewPage.html(draft, mode: .server)) : try JSONBody.response(draft)
        }
        router.post("/align/:id/commit") { request, context in
            let reviewer = try access.checkWrite(request)
            let id = context.parameters.get("id") ?? ""
            guard let draft = drafts.get(id) else { throw HTTPError(.notFound, message: "no alignment \(id) on this server (drafts are kept until the server restarts)") }
            let raw = try await collect(request)
            guard !raw.isEmpty else { throw InvalidInput("a JSON body is needed: {\"links\": [{\"en\": […], \"zh\": […]}]}") }
            let body = try JSONDecoder().decode(CommitBody.self, from: Data(raw))
            let links = body.links.enumerated().map { ReviewLink(id: $0.offset, en: $0.element.en, zh: $0.element.zh) }
            let store = shared.store
            let summary = try await shared.write { try AlignmentReview.commit(draft, links: links, reviewer: reviewer, into: store) }
            let untranslated = links.filter { $0.en.isEmpty || $0.zh.isEmpty }.reduce(0) { $0 + $1.en.count + $1.zh.count }
            return try JSONBody.response(CommitResult(added: summary.added, duplicates: summary.duplicates, untranslated: untranslated,
                                                      importID: summary.importID, reviewer: reviewer))
        }
    }

    private func collect(_ request: Request) async throws -> [UInt8] {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > bodyLimit {
            throw HTTPError(.contentTooLarge, message: "the request is over the server's limit of \(bodyLimit) bytes")
        }
        let buffer = try await request.body.collect(upTo: bodyLimit)
        return Array(buffer.readableBytesView)
    }

    private func html(_ page: String) -> Response {
        Response(status: .ok,
                 headers: [.contentType: "text/html; charset=utf-8",
                           .contentSecurityPolicy: "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' blob: data:",
                           .xContentTypeOptions: "nosniff"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    /// Paste (or load from a file) the two articles; the review page follows.
    static let form = """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>Align an article pair · 对齐文章</title>
    <style>body{font-family:"Noto Sans","WenQuanYi Zen Hei",sans-serif;margin:1.5em}.sides{display:flex;gap:1em}
    .sides label{flex:1;display:flex;flex-direction:column}textarea{height:18em;font:inherit}</style></head>
    <body><h1>Align an article pair · 对齐文章</h1>
    <form method="post" action="/align">
    <div class="sides">
    <label>English article <input type="file" accept=".txt,.md,.html,.htm" data-for="en"><textarea name="en" id="en" required></textarea></label>
    <label>中文文章 <input type="file" accept=".txt,.md,.html,.htm" data-for="zh"><textarea name="zh" id="zh" lang="zh" required></textarea></label>
    </div>
    <input type="hidden" name="enName" id="enName" value="English"><input type="hidden" name="zhName" id="zhName" value="Chinese">
    <p><button type="submit" id="align">Align and review</button></p>
    </form>
    <script>
    document.querySelectorAll("input[type=file]").forEach(function (input) {
      input.addEventListener("change", function () {
        var file = input.files[0]; if (!file) return;
        var reader = new FileReader();
        reader.onload = function () { document.getElementById(input.dataset.for).value = reader.result; document.getElementById(input.dataset.for + "Name").value = file.name; };
        reader.readAsText(file);
      });
    });
    </script></body></html>
    """
}

/// Drafts waiting for review, in this server's memory; the oldest go when
/// there are too many.
final class ReviewDrafts: @unchecked Sendable {
    private var drafts: [String: ReviewDraft] = [:]
    private var order: [String] = []
    private let lock = NSLock()
    let limit: Int

    init(limit: Int = 500) { self.limit = limit }

    func keep(_ draft: ReviewDraft) {
        lock.withLock {
            drafts[draft.id] = draft
            order.append(draft.id)
            while order.count > limit { drafts[order.removeFirst()] = nil }
        }
    }

    func get(_ id: String) -> ReviewDraft? { lock.withLock { drafts[id] } }
}

/// The server's aligner, built on first use (the lexicon learns from the memory; the embedder loads once).
final class AlignerOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var aligner: DocumentAligner?
    private let make: @Sendable () throws -> DocumentAligner

    init(_ make: @escaping @Sendable () throws -> DocumentAligner) { self.make = make }

    func get() throws -> DocumentAligner {
        try lock.withLock {
            if let aligner { return aligner }
            let made = try make()
            aligner = made
            return made
        }
    }
}
