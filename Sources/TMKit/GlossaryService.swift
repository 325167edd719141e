import Crypto
import Foundation
import TMFormats
import TMGlossary
import TMMemory
import TMText

/// The newsroom glossary: human-editable files in a folder (a workspace's
/// `glossary/`, or one named), kept in step with the memory's glossary
/// tables, plus entries imported from other files.
///
/// The folder never removes what it cannot see: a folder that was named but
/// is missing is an error, a memory used without a folder keeps its stored
/// glossary, a shared memory is synced only when asked (`sync(plan)`), and an
/// automatic sync that would remove more than `removalLimit` entries stops.
public struct GlossaryService {
    public let store: any GlossaryStore
    /// The folder of glossary files; nil: the stored glossary alone.
    public let folder: String?
    /// Whether reading the glossary first brings the folder's changes in (a memory file in its workspace).
    public let syncsAutomatically: Bool
    /// Who changes the glossary (recorded with the entries a sync removes).
    public var user: String?

    /// More removals than this need an explicit `tmkit glossary sync --yes`.
    public static let removalLimit = 5

    /// The folder: `explicit`, else `TMKIT_GLOSSARY` (either must be a readable
    /// folder), else the nearest workspace's `glossary/` when it exists, unless
    /// the memory (`location`) is another memory file: a workspace's files never
    /// rewrite the glossary of a file named elsewhere. (A shared memory takes
    /// the folder, but only through an explicit sync.)
    public static func folder(_ explicit: String?, memory location: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              from cwd: String = FileManager.default.currentDirectoryPath) throws -> String? {
        let named = [explicit, environment["TMKIT_GLOSSARY"]].compactMap { $0 }.first { !$0.isEmpty }
        if let named {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: named, isDirectory: &isDirectory) else {
                throw WorkspaceError.glossaryFolder(path: named, problem: "no such glossary folder")
            }
            guard isDirectory.boolValue else { throw WorkspaceError.glossaryFolder(path: named, problem: "not a folder") }
            guard (try? FileManager.default.contentsOfDirectory(atPath: named)) != nil else {
                throw WorkspaceError.glossaryFolder(path: named, problem: "the folder cannot be read")
            }
            return named
        }
        guard let workspace = Workspace.find(from: cwd) else { return nil }
        if let location, !MemoryLocation.isShared(location), !workspace.owns(location) { return nil }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: workspace.glossaryFolder, isDirectory: &isDirectory) && isDirectory.boolValue
            ? workspace.glossaryFolder : nil
    }

    /// The glossary of the memory at `location`: synced from its folder
    /// automatically only for a memory file, never for a shared memory.
    public static func forMemory(_ store: any GlossaryStore, location: String, folder explicit: String?) throws -> GlossaryService {
        GlossaryService(store: store, folder: try folder(explicit, memory: location), syncsAutomatically: !MemoryLocation.isShared(location))
    }

    public init(store: any GlossaryStore, folder: String?, syncsAutomatically: Bool = true) {
        self.store = store
        self.folder = folder
        self.syncsAutomatically = syncsAutomatically
    }

    /// What a sync changes: entries added, changed (status, part of speech or
    /// note) and removed, by file, and the files whose contents it reads.
    public struct SyncPlan: Sendable {
        public struct FileChange: Sendable {
            public var name: String
            public var source: String
            public var sha256: String
            public var entries: [GlossaryEntry]
        }
        public var files: [FileChange] = []
        /// Sources whose files are gone from the folder.
        public var goneSources: [String] = []
        public var added: [GlossaryEntry] = []
        public var changed: [GlossaryEntry] = []
        public var removed: [GlossaryEntry] = []

        public var isEmpty: Bool { files.isEmpty && goneSources.isEmpty }
    }

    /// What a sync changed.
    public struct SyncReport: Sendable {
        public var files: [(name: String, summary: GlossaryImportSummary)] = []
        public var removed: [String] = []
    }

    /// Compares the folder with the stored glossary (files by SHA-256, then
    /// entry by entry). A bad file throws with its line and column.
    public func plan() throws -> SyncPlan {
        guard let folder else { return SyncPlan() }
        var plan = SyncPlan()
        let known = try store.glossarySourceHashes()
        let stored = try store.glossaryEntries()
        var present = Set<String>()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        for name in names.sorted() {
            let ext = (name as NSString).pathExtension.lowercased()
            guard ext == "tsv" || ext == "csv" else { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            let source = "glossary/" + name
            present.insert(source)
            let digest = try FileImport.sha256(path: path)
            if known[source] == digest { continue }
            let entries = try GlossaryTable.read(path: path, delimiter: ext == "csv" ? UInt8(ascii: ",") : UInt8(ascii: "\t"), source: source)
            plan.files.append(.init(name: name, source: source, sha256: digest, entries: entries))
            let before = Dictionary(stored.filter { $0.source == source }.map { (GlossaryService.key($0), $0) }, uniquingKeysWith: { a, _ in a })
            let after = Dictionary(entries.map { (GlossaryService.key($0), $0) }, uniquingKeysWith: { _, b in b })
            let elsewhere = Set(stored.filter { $0.source != source }.map(GlossaryService.key))
            for (key, entry) in after.sorted(by: { $0.key < $1.key }) {
                if let old = before[key] {
                    if old.status != entry.status || old.pos != entry.pos || old.note != entry.note { plan.changed.append(entry) }
                } else if !elsewhere.contains(key) {
                    plan.added.append(entry)
                }
            }
            plan.removed += before.filter { after[$0.key] == nil }.sorted { $0.key < $1.key }.map(\.value)
        }
        for source in known.keys.sorted() where source.hasPrefix("glossary/") && !present.contains(source) {
            plan.goneSources.append(source)
            plan.removed += stored.filter { $0.source == source }
        }
        return plan
    }

    /// Applies a plan: each changed file in one transaction, then the sources that are gone.
    @discardableResult
    public func apply(_ plan: SyncPlan) throws -> SyncReport {
        var report = SyncReport()
        for file in plan.files {
            report.files.append((file.name, try store.replaceGlossary(source: file.source, sha256: file.sha256, entries: file.entries, by: user)))
        }
        for source in plan.goneSources {
            try store.removeGlossarySource(source, by: user)
            report.removed.append(source)
        }
        return report
    }

    /// Brings the folder's changes in, unless they would remove more than
    /// `removalLimit` entries (then nothing changes and the error says how to
    /// go on).
    @discardableResult
    public func sync() throws -> SyncReport {
        let plan = try plan()
        if plan.removed.count > GlossaryService.removalLimit {
            throw GlossarySyncError.tooManyRemovals(folder: folder ?? "", count: plan.removed.count, goneFiles: plan.goneSources)
        }
        return try apply(plan)
    }

    static func key(_ entry: GlossaryEntry) -> String {
        entry.en.lowercased() + "\u{1F}" + MatchNormalizer.normalize(entry.zh)
    }

    /// Every entry, after the folder's changes when this memory syncs on its own.
    public func entries() throws -> [GlossaryEntry] {
        if syncsAutomatically { try sync() }
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
        return try store.replaceGlossary(source: source, sha256: try FileImport.sha256(path: path), entries: entries, by: user)
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
        try put([try entry.validated()])
    }

    /// The entries taken out of the glossary (by syncs and replaced sources), latest first.
    public func removals(limit: Int = 100) throws -> [GlossaryRemoval] { try store.glossaryRemovals(limit: limit) }

    /// Puts removed entries back, as `add` adds one, and marks them restored.
    /// Ids already restored or unknown are named in the error, and nothing changes.
    @discardableResult
    public func restore(_ ids: [Int64]) throws -> [GlossaryRemoval] {
        let open = Set(try store.glossaryRemovals(limit: Int.max).filter { $0.restoredAt == nil }.map(\.id))
        let missing = ids.filter { !open.contains($0) }
        guard missing.isEmpty else { throw GlossaryRestoreError.notRemoved(missing) }
        let removals = try store.markGlossaryRemovalsRestored(ids)
        _ = try put(removals.map(\.entry))
        return removals
    }

    /// Entries into the folder's `added.tsv`, then synced; with no folder (or a
    /// shared memory the folder does not sync), into the memory's glossary itself.
    private func put(_ entries: [GlossaryEntry]) throws -> GlossaryImportSummary {
        guard let folder, syncsAutomatically else {
            return try store.addGlossaryEntries(entries.map { var manual = $0; manual.source = "manual"; return manual })
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("added.tsv")
        if !FileManager.default.fileExists(atPath: path) {
            try Data("en\tzh\tstatus\tpos\tnote\n".utf8).write(to: URL(fileURLWithPath: path))
        }
        let clean = { (s: String) in s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
        let rows = entries.map { e in [e.en, e.zh, e.status.rawValue, e.pos, e.note].map(clean).joined(separator: "\t") + "\n" }.joined()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(rows.utf8))
        try handle.close()
        let report = try sync()
        return report.files.first { $0.name == "added.tsv" }?.summary ?? GlossaryImportSummary()
    }
}

/// Removals that cannot be restored.
public enum GlossaryRestoreError: Error, CustomStringConvertible, Equatable {
    case notRemoved([Int64])

    public var description: String {
        switch self {
        case .notRemoved(let ids):
            return "no removed entry \(ids.map(String.init).joined(separator: ", ")) to restore (already restored, or not a removal: see tmkit glossary removed); nothing was changed"
        }
    }
}

/// A sync of the glossary folder that would lose entries.
public enum GlossarySyncError: Error, CustomStringConvertible, Equatable {
    case tooManyRemovals(folder: String, count: Int, goneFiles: [String])

    public var description: String {
        switch self {
        case .tooManyRemovals(let folder, let count, let gone):
            let files = gone.isEmpty ? "" : " (\(gone.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")) not in the folder)"
            return "the glossary folder \(folder) would remove \(count) entries from the memory's glossary\(files); nothing was changed. "
                + "If that is meant, run `tmkit glossary sync \(folder) --yes`; otherwise name the right folder with --glossary DIR"
        }
    }
}
