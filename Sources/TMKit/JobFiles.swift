import Foundation
import TMFormats
import TMMemory
import TMText

/// What a job can be exported as.
public enum JobExportFormat: String, Sendable, CaseIterable {
    /// The Chinese article in the job's own format (or another article format).
    case md, html, txt
    case bilingualHTML = "bilingual-html", bilingualMarkdown = "bilingual-md"
    case xliff, tmx

    public var mediaType: String {
        switch self {
        case .md, .bilingualMarkdown: return "text/markdown; charset=utf-8"
        case .html, .bilingualHTML: return "text/html; charset=utf-8"
        case .txt: return "text/plain; charset=utf-8"
        case .xliff: return "application/xliff+xml; charset=utf-8"
        case .tmx: return "application/x-tmx+xml; charset=utf-8"
        }
    }

    public var fileExtension: String {
        switch self {
        case .md: return "zh.md"
        case .html: return "zh.html"
        case .txt: return "zh.txt"
        case .bilingualHTML: return "bilingual.html"
        case .bilingualMarkdown: return "bilingual.md"
        case .xliff: return "xlf"
        case .tmx: return "tmx"
        }
    }
}

/// What a job's export does with drafts (Chinese not yet confirmed).
public enum DraftHandling: String, Sendable, CaseIterable {
    /// Each draft sentence is written with `JobDrafts.mark` before it.
    case marked
    /// Drafts are written as untranslated: in English in the article, empty in bilingual files.
    case leftOut = "only-confirmed"
}

public enum JobDrafts {
    /// Written before a draft sentence, so that it cannot pass for a translation.
    public static let mark = "【草稿 draft】"

    /// The Chinese a segment exports with.
    static func chinese(_ s: JobSegment, _ drafts: DraftHandling) -> String {
        switch (s.status, drafts) {
        case (.confirmed, _): return s.zh
        case (.draft, .marked): return s.zh.isEmpty ? "" : mark + s.zh
        default: return ""
        }
    }
}

extension TranslationJobs {
    /// The job written in a format; a segment not yet translated stays in
    /// English in the article, and a draft is marked or left out (`drafts`).
    public func export(_ id: Int64, format: JobExportFormat, drafts: DraftHandling = .marked) throws -> String {
        let (job, stored) = try open(id)
        // Every format but the XLIFF (which says each segment's state) and the TMX (confirmed units only).
        let segments = format == .xliff ? stored : stored.map { s -> JobSegment in
            var s = s
            s.zh = JobDrafts.chinese(s, drafts)
            return s
        }
        let blocks = Dictionary(grouping: segments, by: \.block).sorted { $0.key < $1.key }.map(\.value)
        switch format {
        case .md, .html, .txt:
            let article = blocks.map { block in
                (kind: block[0].kind, text: block.map { $0.zh.isEmpty ? $0.en + " " : $0.zh }.joined().trimmingCharacters(in: .whitespaces))
            }
            return ArticleWriter.write(article, format: ArticleFormat(rawValue: format.rawValue)!)
        case .bilingualHTML:
            return BilingualWriters.htmlBegin(title: job.name) + blocks.map { BilingualWriters.htmlBlock($0.map(exported)) }.joined()
                + BilingualWriters.htmlEnd
        case .bilingualMarkdown:
            return blocks.map { BilingualWriters.markdownBlock($0.map(exported)) }.joined()
        case .xliff:
            return JobXLIFF.write(job: job, segments: segments)
        case .tmx:
            // The job's confirmed units as the memory holds them, in the article's order.
            var seen = Set<Int64>()
            var out = ""
            let writer = TMXWriter { out += $0 }
            try writer.begin()
            for s in segments where s.status == .confirmed {
                guard let unitID = s.unitID, seen.insert(unitID).inserted, let unit = try memory.unit(unitID) else { continue }
                try writer.add(ExportedUnit(unit: unit, createdAt: unit.changedAt, user: s.changedBy,
                                            provenance: ["job": String(id), "segment": String(s.n)]))
            }
            try writer.end()
            return out
        }
    }

    /// A segment as the bilingual writers take it.
    private func exported(_ s: JobSegment) -> ExportedUnit {
        let date = Date(timeIntervalSince1970: TimeInterval(s.changedAt ?? 0))
        return ExportedUnit(unit: StoredUnit(id: Int64(s.n), en: s.en, zh: s.zh, origin: .translated, document: nil, importFile: nil,
                                             position: s.n, confidence: nil, changedAt: date),
                            createdAt: date, user: s.changedBy, provenance: ["kind": s.kind.rawValue, "block": String(s.block)])
    }

    public struct XLIFFImport: Sendable, Equatable, Codable {
        /// Segments the file confirmed (new translations or changed ones).
        public var confirmed: Int
        /// Translated in the file and already confirmed with the same text.
        public var unchanged: Int
        /// Not translated in the file (or not final): left as they were.
        public var leftAsTheyWere: Int
    }

    /// Takes back a translated XLIFF of the job: its segments in state
    /// translated or final are confirmed, the others left as they were, all in
    /// one transaction. A unit id that is not one of this job's segments
    /// refuses the whole file.
    public func importXLIFF(_ id: Int64, path: String, user: String) throws -> XLIFFImport {
        let (_, segments) = try open(id)
        let collector = UnitCollector()
        try XLIFFReader(anyState: true).read(path: path, into: collector)
        var updates: [(n: Int, zh: String)] = []
        var result = XLIFFImport(confirmed: 0, unchanged: 0, leftAsTheyWere: 0)
        for unit in collector.units {
            let unitID = unit.provenance["id"] ?? ""
            guard let n = JobXLIFF.segment(from: unitID, job: id), n <= segments.count else {
                throw JobError.notThisJob(job: id, file: path, id: unitID)
            }
            let segment = segments[n - 1]
            guard JobXLIFF.doneStates.contains(unit.provenance["state"] ?? "") else { result.leftAsTheyWere += 1; continue }
            if segment.status == .confirmed && segment.zh == unit.zh { result.unchanged += 1; continue }
            updates.append((n, unit.zh))
        }
        result.leftAsTheyWere += segments.count - collector.units.count
        let author = ChangeAuthor(user: user, command: "job \(id) import \((path as NSString).lastPathComponent)")
        try memory.maintain { tx in
            for update in updates {
                _ = try JobMaintenance.save(tx, job: id, n: update.n, zh: update.zh, confirm: true, ifVersion: nil, by: author)
            }
        }
        result.confirmed = updates.count
        return result
    }
}
