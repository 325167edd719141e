import Foundation
import Hummingbird
import Mustache
import TMGlossary
import TMKit
import TMMemory
import TMText

/// The translators' page at `/`: one self-contained HTML document (inline
/// CSS and script). Results for `/?q=…` and for an article posted from its
/// form are rendered here on the server, so the page works without script;
/// with script it calls the JSON API instead of reloading. Mustache escapes
/// every value it inserts, so text from the memory or the user never becomes markup.
struct TranslatorPage {
    let shared: ServedMemory
    let access: Access
    let bodyLimit: Int

    private static let template: MustacheTemplate = {
        // The template is part of the binary; failing to parse it is a build mistake.
        try! MustacheTemplate(string: String(decoding: PackageResources.page_mustache, as: UTF8.self))
    }()

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in
            let query = try Query(request)
            guard let q = query.value("q")?.trimmingCharacters(in: .whitespacesAndNewlines), !q.isEmpty else {
                return page(PageModel())
            }
            var model = PageModel(query: q)
            do {
                try access.checkRead(request)
                try await search(q, into: &model)
                return page(model)
            } catch let error as HTTPError where error.status == .unauthorized {
                model.error = "This server needs an access token: type it above and search again · 需要访问令牌"
                return page(model, status: .unauthorized)
            }
        }
        router.post("/") { request, _ in
            var model = PageModel()
            try access.checkRead(request)
            if let declared = request.headers[.contentLength].flatMap(Int.init), declared > bodyLimit {
                throw HTTPError(.contentTooLarge, message: "the article is over the server's limit of \(bodyLimit) bytes")
            }
            let raw = try await request.body.collect(upTo: bodyLimit)
            struct Form: Decodable { var article: String }
            let form: Form
            do {
                form = try URLEncodedFormDecoder().decode(Form.self, from: String(decoding: raw.readableBytesView, as: UTF8.self))
            } catch {
                throw InvalidInput("the form needs one field, article (application/x-www-form-urlencoded)")
            }
            let article = form.article
            model.article = article
            if !article.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                model.coverage = try await coverage(of: article)
            }
            return page(model)
        }
    }

    private func page(_ model: PageModel, status: HTTPResponse.Status = .ok) -> Response {
        HTMLBody.response(TranslatorPage.template.render(model), status: status)
    }

    private func search(_ q: String, into model: inout PageModel) async throws {
        let store = shared.store
        let finder = MatchFinder(memory: store, recognizer: shared.recognizer)
        let language = Language.detect(q)
        let (matches, hits) = try await shared.read {
            (try finder.lookup(q, language: language, minScore: 50, limit: 10), try store.concordance(q, language: nil, limit: 20))
        }
        model.matches = matches.map(PageModel.MatchView.init)
        // Phrases help wherever no match is good enough to start from (75, the covered bands).
        if (matches.first?.score ?? 0) < 75 {
            model.fragments = try await shared.read { try finder.fragments(q, language: language) }.map(PageModel.FragmentView.init)
        }
        model.hits = hits.map(PageModel.HitView.init)
        model.terms = shared.glossaryLookup.lookup(q).map {
            PageModel.TermView(en: $0.entry.en, zh: $0.entry.zh, status: $0.entry.status.rawValue, note: $0.entry.note.isEmpty ? nil : $0.entry.note, count: nil)
        }
    }

    private func coverage(of article: String) async throws -> PageModel.CoverageView {
        let store = shared.store, recognizer = shared.recognizer
        let report = try await shared.read {
            try CoverageAnalysis(memory: store, recognizer: recognizer).analyse(texts: [("article", article, .txt)]).total
        }
        var counts: [String: (hit: TermHit, count: Int)] = [:]
        var order: [String] = []
        for hit in recognizer.find(in: article) {
            let key = hit.en + "\u{0}" + hit.zh
            if counts[key] == nil { order.append(key); counts[key] = (hit, 0) }
            counts[key]!.count += 1
        }
        return PageModel.CoverageView(
            bands: PageModel.bandLabels.map { band, label in
                let c = report.bands[band] ?? BandCount()
                return .init(label: label, segments: c.segments, words: c.words)
            },
            segments: report.totalSegments, words: report.totalWords,
            covered: String(format: "%.1f%%", report.coveredShare * 100),
            articleTerms: order.map { key in
                let (hit, count) = counts[key]!
                return PageModel.TermView(en: hit.en, zh: hit.zh, status: hit.status.rawValue, note: nil, count: count)
            })
    }
}

/// What the page template shows. Text is split into pieces so that the
/// template marks the differing words and concordance hits itself.
struct PageModel {
    struct Piece { var text: String; var marked: Bool }
    struct MatchView {
        var score: Int
        var exact: Bool
        var pieces: [Piece]
        var target: String
        var origin: String
        var document: String?
        var differs: String?
        var penalty: String?
        /// The translation repaired for the query, its replaced values marked, and what changed.
        struct RepairedView { var pieces: [Piece] }
        var repaired: RepairedView?
        var repairs: String?
        var repairNote: String?
        /// For the edit and delete buttons: the unit, its version and the side shown as the translation.
        var unit: Int64
        var version: Int64
        var targetSide: String

        init(_ m: Match) {
            unit = m.unit.id
            version = m.unit.version
            targetSide = m.sourceLanguage == .en ? "zh" : "en"
            penalty = m.penalty > 0 ? "penalty \(m.penalty): \(m.penaltyReason ?? "")" : nil
            score = m.score
            exact = m.score == 100
            pieces = PageModel.marking(m.source, differences: m.differences)
            target = m.target
            origin = m.unit.origin.rawValue
            document = m.unit.document
            let differs = m.differences.map { "\($0.kind.rawValue) \($0.query.isEmpty ? "∅" : $0.query)→\($0.match.isEmpty ? "∅" : $0.match)" }
            self.differs = differs.isEmpty ? nil : differs.joined(separator: "; ")
            if let r = m.repaired {
                repaired = RepairedView(pieces: PageModel.marking(r.text, byteRanges: r.marked))
                repairs = "repaired 已修复 from \(m.fuzzyScore ?? m.score)%" + r.repairs.map { ": \($0.from)→\($0.to)" }.joined(separator: ";")
            }
            repairNote = m.repairNote.map { "not repaired 未修复: " + $0 }
        }
    }
    struct HitView {
        var pieces: [Piece]
        var other: String
        var unit: Int64
        var version: Int64
        var otherSide: String

        init(_ h: ConcordanceHit) {
            unit = h.unit.id
            version = h.unit.version
            otherSide = h.language == .en ? "zh" : "en"
            let side = h.language == .en ? h.unit.en : h.unit.zh
            pieces = PageModel.marking(side, byteRanges: h.ranges)
            other = h.language == .en ? h.unit.zh : h.unit.en
        }
    }
    struct FragmentView {
        var text: String
        var translation: String?
        var detail: String
        init(_ f: Fragment) {
            text = f.text
            translation = f.translation
            detail = f.glossaryTerm != nil ? "glossary term · 术语" : f.holders + " · 句段"
        }
    }
    struct TermView { var en: String; var zh: String; var status: String; var note: String?; var count: Int? }
    struct BandView { var label: String; var segments: Int; var words: Int }
    struct CoverageView { var bands: [BandView]; var segments: Int; var words: Int; var covered: String; var articleTerms: [TermView] }

    var query: String?
    var error: String?
    var matches: [MatchView] = []
    var fragments: [FragmentView] = []
    var hits: [HitView] = []
    var terms: [TermView] = []
    var article: String?
    var coverage: CoverageView?

    static let bandLabels: [(CoverageBand, String)] = [
        (.context, "Context · 上下文"), (.exact, "100%"), (.repaired, "Repaired · 已修复"), (.high, "95–99%"), (.good, "85–94%"), (.fair, "75–84%"),
        (.low, "50–74%"), (.new, "No match · 无匹配"), (.repetitions, "Repetitions · 重复"),
    ]

    /// Marks the match's side of each difference, searched in order along the
    /// text (differences are reported normalized: lower case, half width).
    static func marking(_ text: String, differences: [Difference]) -> [Piece] {
        var pieces: [Piece] = []
        var rest = text[...]
        for d in differences where !d.match.isEmpty {
            guard let r = wholeWord(d.match, in: rest) else { continue }
            if r.lowerBound > rest.startIndex { pieces.append(Piece(text: String(rest[..<r.lowerBound]), marked: false)) }
            pieces.append(Piece(text: String(rest[r]), marked: true))
            rest = rest[r.upperBound...]
        }
        if !rest.isEmpty { pieces.append(Piece(text: String(rest), marked: false)) }
        return pieces
    }

    /// The first occurrence of `word` in `text` that is not part of a longer
    /// Latin word or number ("in" is not found inside "printed").
    private static func wholeWord(_ word: String, in text: Substring) -> Range<Substring.Index>? {
        func isWordCharacter(_ c: Character?) -> Bool {
            guard let c, let scalar = c.unicodeScalars.first else { return false }
            return scalar.isASCII && (c.isLetter || c.isNumber)
        }
        var from = text.startIndex
        while let r = text.range(of: word, options: [.caseInsensitive, .widthInsensitive], range: from..<text.endIndex) {
            let before = r.lowerBound > text.startIndex ? text[text.index(before: r.lowerBound)] : nil
            let after = r.upperBound < text.endIndex ? text[r.upperBound] : nil
            let open = !(isWordCharacter(before) && isWordCharacter(text[r.lowerBound]))
            let close = !(isWordCharacter(after) && isWordCharacter(text[text.index(before: r.upperBound)]))
            if open && close { return r }
            from = text.index(after: r.lowerBound)
        }
        return nil
    }

    /// Marks UTF-8 byte ranges (sorted, not overlapping) of `text`.
    static func marking(_ text: String, byteRanges: [Range<Int>]) -> [Piece] {
        let bytes = Array(text.utf8)
        var pieces: [Piece] = []
        var at = 0
        for r in byteRanges where r.lowerBound >= at && r.upperBound <= bytes.count {
            if r.lowerBound > at { pieces.append(Piece(text: String(decoding: bytes[at..<r.lowerBound], as: UTF8.self), marked: false)) }
            pieces.append(Piece(text: String(decoding: bytes[r], as: UTF8.self), marked: true))
            at = r.upperBound
        }
        if at < bytes.count { pieces.append(Piece(text: String(decoding: bytes[at...], as: UTF8.self), marked: false)) }
        return pieces
    }
}
