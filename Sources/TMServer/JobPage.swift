import Foundation
import Hummingbird
import Mustache
import TMGlossary
import TMKit
import TMMemory
import TMText

/// The job pages: the list with its form for a new job (`/jobs`) and the
/// editor (`/jobs/ID`), rendered on the server so they work without script
/// (one form, a confirm button per segment); the inline script adds the
/// keyboard, the panel of the active segment and QA as one types. Mustache
/// escapes every value; the panel is the same template, fetched as HTML.
enum JobPage {
    private static func template(_ bytes: [UInt8]) -> MustacheTemplate {
        // The templates are part of the binary; failing to parse one is a build mistake.
        try! MustacheTemplate(string: String(decoding: bytes, as: UTF8.self))
    }
    private static let editorTemplate = template(PackageResources.job_mustache)
    private static let panelTemplate = template(PackageResources.job_panel_mustache)
    private static let listTemplate = template(PackageResources.jobs_mustache)

    static func list(_ jobs: [JobRecord]) -> String {
        struct Model { var jobs: [JobRecord] }
        return listTemplate.render(Model(jobs: jobs))
    }

    struct Row {
        var n: Int
        var kind: String
        var title: Bool, heading: Bool, body: Bool
        var en: String
        var zh: String
        var status: String
        var statusLabel: String
        var match: String?
        var changedBy: String?
        var version: Int64
        var active: Bool
    }

    static let statusLabels: [SegmentStatus: String] = [.new: "new · 新", .draft: "draft · 草稿", .confirmed: "confirmed · 已确认"]

    static func editor(job: JobRecord, segments: [JobSegment], help: TranslationJobs.SegmentHelp, notice: String? = nil) -> String {
        struct Export { var id: Int64; var format: String }
        struct Model {
            var id: Int64, name: String, confirmed: Int, segments: Int, confirmedWords: Int, words: Int
            var exports: [Export]
            var rows: [Row]
            var panel: String
            var notice: String?
        }
        let rows = segments.map { s in
            Row(n: s.n, kind: s.kind.rawValue, title: s.kind == .title, heading: s.kind == .heading,
                body: s.kind != .title && s.kind != .heading, en: s.en, zh: s.zh, status: s.status.rawValue,
                statusLabel: statusLabels[s.status]!, match: s.match.map { kind in s.score.map { "\(kind) \($0)" } ?? kind },
                changedBy: s.changedBy, version: s.version, active: s.n == help.segment.n)
        }
        return editorTemplate.render(Model(id: job.id, name: job.name, confirmed: job.confirmed, segments: job.segments,
                                           confirmedWords: job.confirmedWords, words: job.words,
                                           exports: JobExportFormat.allCases.map { Export(id: job.id, format: $0.rawValue) },
                                           rows: rows, panel: panel(help), notice: notice))
    }

    /// The panel beside the active segment: matches (Alt+N inserts match N), terms, phrases, QA.
    static func panel(_ help: TranslationJobs.SegmentHelp) -> String {
        struct MatchView {
            var index: Int
            var score: Int
            var band: String
            var label: String
            var pieces: [PageModel.Piece]
            var repaired: PageModel.MatchView.RepairedView?
            var target: String
            /// What Alt+N puts in the field: the repaired text where there is one.
            var insert: String
            var provenance: String
            var differs: String?
            var repairs: String?
        }
        struct Model {
            var n: Int
            var en: String
            var matches: [MatchView]
            var terms: [TermView]
            var hasTerms: Bool
            var fragments: [PageModel.FragmentView]
            var hasFragments: Bool
            var problems: [String]
        }
        let matches = help.matches.prefix(9).enumerated().map { k, item in
            let m = item.match, view = PageModel.MatchView(m)
            let label = item.context ? "context · 上下文" : m.repaired != nil ? "repaired · 已修复" : m.score == 100 ? "exact · 完全" : "fuzzy · 模糊"
            var provenance = [m.unit.origin.rawValue]
            if let document = m.unit.document { provenance.append(document) }
            provenance.append(ISO8601DateFormatter.string(from: m.unit.changedAt, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate]))
            return MatchView(index: k + 1, score: item.context ? 101 : m.score, band: m.score >= 100 ? "" : m.score >= 75 ? "fuzzy" : "low",
                             label: label, pieces: view.pieces, repaired: view.repaired, target: m.target,
                             insert: m.repaired?.text ?? m.target, provenance: provenance.joined(separator: " · "),
                             differs: view.differs, repairs: view.repairs)
        }
        struct TermView { var en: String; var zh: String; var status: String; var forbidden: Bool }
        var seen = Set<String>()
        let terms = help.terms.filter { seen.insert($0.en + "\u{0}" + $0.zh).inserted }.map {
            TermView(en: $0.en, zh: $0.zh, status: $0.status.rawValue, forbidden: $0.status == .forbidden)
        }
        let fragments = help.fragments.map(PageModel.FragmentView.init)
        return panelTemplate.render(Model(n: help.segment.n, en: help.segment.en, matches: Array(matches), terms: terms,
                                          hasTerms: !terms.isEmpty, fragments: fragments, hasFragments: !fragments.isEmpty,
                                          problems: help.problems.map(\.message)))
    }
}
