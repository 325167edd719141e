import Crypto
import Foundation
import TMFormats
import TMGlossary
import TMMemory
import TMText

/// The newsroom glossary: human-editable files in a folder (`glossary/` by
/// default), kept in step with the memory's glossary tables, plus entries
/// imported from other files.
public struct GlossaryService {
    public let store: any GlossaryStore
    public let folder: String

    /// `glossary/` under the current folder unless `TMKIT_GLOSSARY` says otherwise.
    public static func defaultFolder(_ explicit: String? = nil) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = ProcessInfo.processInfo.environment["TMKIT_GLOSSARY"], !env.isEmpty { return env }
        return "glossary"
    }

    public init(store: any GlossaryStore, folder: String) {
        self.store = store
        self.folder = folder
    }

    /// What a sync changed.
    public struct SyncReport: Sendable {
        public var files: [(name: String, summary: GlossaryImportSummary)] = []
        public var removed: [String] = []
    }

    /// Re-reads the folder's files whose content changed (by SHA-256) and
    /// drops the entries of files that are gone. A bad file throws and leaves
    /// the tables as they were for that file.
    @discardableResult
    public func sync() throws -> SyncReport {
        var report = SyncReport()
        let known = try store.glossarySourceHashes()
        var present = Set<String>()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() {
            let ext = (name as NSString).pathExtension.lowercased()
            guard ext == "tsv" || ext == "csv" else { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            let source = "glossary/" + name
            present.insert(source)
            let digest = try FileImport.sha256(path: path)
            if known[source] == digest { continue }
            let entries = try GlossaryTable.read(path: path, delimiter: ext == "csv" ? UInt8(ascii: ",") : UInt8(ascii: "\t"), source: source)
            report.files.append((name, try store.replaceGlossary(source: source, sha256: digest, entries: entries)))
        }
        for source in known.keys where source.hasPrefix("glossary/") && !present.contains(source) {
            try store.removeGlossarySource(source)
            report.removed.append(source)
        }
        return report
    }

    public func entries() throws -> [GlossaryEntry] {
        try sync()
        return try store.glossaryEntries()
    }

    public func recognizer() throws -> TermRecognizer { TermRecognizer(entries: try entries()) }

    /// Imports a TSV, CSV or TBX file (by extension); one transaction.
    public func importFile(_ path: String) throws -> GlossaryImportSummary {
        let source = "import/" + (path as NSString).lastPathComponent
        let entries: [GlossaryEntry]
        switch (path as NSString).pathExtension.lowercased() {
        case "tbx", "xml": entries = try TBX.read(path: path, source: source)
        case "csv": entries = try GlossaryTable.read(path: path, delimiter: UInt8(ascii: ","), source: source)
        default: entries = try GlossaryTable.read(path: path, delimiter: UInt8(ascii: "\t"), source: source)
        }
        return try store.replaceGlossary(source: source, sha256: try FileImport.sha256(path: path), entries: entries)
    }

    /// Writes every entry as TSV, CSV or TBX (by extension).
    public func export(to path: String) throws -> Int {
        let all = try entries()
        let text: String
        switch (path as NSString).pathExtension.lowercased() {
        case "tbx", "xml": text = TBX.write(all)
        case "csv": text = GlossaryTable.write(all, delimiter: ",")
        default: text = GlossaryTable.write(all, delimiter: "\t")
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return all.count
    }

    /// Adds an entry to the folder's `added.tsv` (created with a header if
    /// needed), so the files stay the glossary's source, then syncs.
    public func add(_ entry: GlossaryEntry) throws -> GlossaryImportSummary {
        let valid = try entry.validated()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("added.tsv")
        if !FileManager.default.fileExists(atPath: path) {
            try Data("en\tzh\tstatus\tpos\tnote\n".utf8).write(to: URL(fileURLWithPath: path))
        }
        let clean = { (s: String) in s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
        let row = [valid.en, valid.zh, valid.status.rawValue, valid.pos, valid.note].map(clean).joined(separator: "\t") + "\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(row.utf8))
        try handle.close()
        let report = try sync()
        return report.files.first { $0.name == "added.tsv" }?.summary ?? GlossaryImportSummary()
    }
}
