import Foundation
import TMGlossary
import TMText

/// What the use cases need from a translation memory and its glossary
/// tables. SQLite (one file) and PostgreSQL (a shared server) implement it;
/// the use cases do not know which one they talk to. Implementations are
/// safe to call from several threads at once.
public protocol TranslationMemoryStore: GlossaryStore, MemoryWriter, MaintainableMemory, LexiconStore, JobMemory, Sendable {

    /// Units whose side in the query's language scores at least `minScore`
    /// (0–100) against `text`, best first; exact matches score 100.
    func lookup(_ text: String, language: Language, minScore: Int, limit: Int) throws -> [Match]

    /// The longest phrases of `text` (three English words, four Chinese
    /// characters or more) that units of the memory hold, with their
    /// translation where those units agree (see `FragmentSearch`).
    func fragments(of text: String, language: Language, limit: Int) throws -> [Fragment]

    /// Units containing `text` literally (after normalization), in either
    /// language or the one given.
    func concordance(_ text: String, language: Language?, limit: Int) throws -> [ConcordanceHit]

    func stats() throws -> MemoryStats

    /// Number of units (cheap).
    func unitCount() throws -> Int

    /// Whether a source of this SHA-256 is imported (and not undone), so a
    /// caller can skip the work of preparing it (aligning an article pair).
    func isImported(sha256: String) throws -> Bool

    /// The normalized sides (in `language`) of the units just before and after
    /// a unit in its document, for context matches.
    func neighbours(of unitID: Int64, language: Language) throws -> (previous: String?, next: String?)

    /// Every unit (of one document, or changed since a date), in id order,
    /// read in batches. Imports take turns and number their units after all
    /// units stored before, so an import that commits while this runs is
    /// read whole or not at all.
    func forEachUnitForExport(document: String?, since: Date?, batchSize: Int, _ body: (ExportedUnit) throws -> Void) throws

    /// The backend's own consistency check (not with `quick`: it reads every
    /// unit), then TMKit's invariants (`MemoryInvariants`), on one snapshot.
    func check(quick: Bool) throws -> CheckReport

    /// Where a copy of the memory went before opening it migrated its schema
    /// (nil when no copy was made).
    var migrationBackup: String? { get }
}

extension TranslationMemoryStore {
    public var migrationBackup: String? { nil }
}

/// A unit with everything an export writes.
public struct ExportedUnit: Sendable {
    public var unit: StoredUnit
    public var createdAt: Date
    public var user: String?
    public var provenance: [String: String]

    public init(unit: StoredUnit, createdAt: Date, user: String?, provenance: [String: String]) {
        self.unit = unit
        self.createdAt = createdAt
        self.user = user
        self.provenance = provenance
    }
}

/// What imports write into: a memory, or a transaction that replaces a
/// memory's whole content (`ReplaceableMemory`).
public protocol MemoryWriter {
    /// Imports the units `produce` hands to the sink, as one transaction: if
    /// `produce` throws, nothing of this import is stored. A source whose
    /// SHA-256 was imported before is not read again (`alreadyImported`).
    func importUnits(from source: ImportSource, _ produce: (any UnitSink) throws -> Void) throws -> ImportSummary

    /// Adds glossary entries (see `GlossaryStore`).
    func addGlossaryEntries(_ entries: [GlossaryEntry]) throws -> GlossaryImportSummary
}

/// A memory whose whole content can be replaced in one transaction: readers
/// see the old content or the new, never a mix, and a failure changes nothing.
public protocol ReplaceableMemory {
    /// Empties the memory and writes what `fill` imports, all in one transaction.
    func replaceContents(_ fill: (any MemoryWriter) throws -> Void) throws
}

extension TranslationMemoryStore {
    public func forEachUnitForExport(document: String? = nil, since: Date? = nil, _ body: (ExportedUnit) throws -> Void) throws {
        try forEachUnitForExport(document: document, since: since, batchSize: 5_000, body)
    }
}

public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// The memory was written by a newer TMKit.
    case schemaTooNew(path: String, found: String)
    case cannotOpen(path: String, reason: String)
    case locked(path: String)
    case readOnly(path: String)
    /// The disk (or the memory's size limit) is full; the command's transaction was rolled back.
    case diskFull(path: String)
    /// The memory fails its quick check; writing to it could spread the damage.
    case damaged(path: String, problems: [String])
    /// This build of TMKit was made without the part that serves the location.
    case notInThisBuild(feature: String, location: String)

    /// The command that rebuilds TMKit with its shared-memory stack (`tmkit serve`, PostgreSQL).
    public static let sharedMemoryBuild = "swift build -c release --traits SharedMemory"

    public var description: String {
        switch self {
        case .schemaTooNew(let path, let found):
            return "\(path): this memory was written by a newer TMKit (schema \(found)); upgrade tmkit to use it"
        case .cannotOpen(let path, let reason):
            return "\(path): cannot open the memory: \(reason)"
        case .locked(let path):
            return "\(path): the memory is busy (another process is writing); try again when it is done"
        case .readOnly(let path):
            return "\(path): the memory is read-only; check the permissions of the file and its folder"
        case .diskFull(let path):
            return "\(path): the disk is full; nothing from this command was stored (the memory is as it was). Free some space and run it again"
        case .notInThisBuild(let feature, let location):
            return "\(location): this tmkit was built without \(feature) (tmkit serve and postgres:// memories); "
                + "rebuild it with `\(StoreError.sharedMemoryBuild)` and run .build/release/tmkit"
        case .damaged(let path, let problems):
            return "\(path): the memory is damaged (\(problems.first ?? "integrity check failed")); nothing was written. "
                + "Run `tmkit check` for a full report, then `tmkit restore BACKUP` from a backup, "
                + "or recover what SQLite can with `sqlite3 \(path) .recover | sqlite3 recovered.sqlite`"
        }
    }
}

/// What `check` found: problems in words, none when the memory is sound.
public struct CheckReport: Sendable, Codable, Equatable {
    public var quick: Bool
    public var units: Int
    public var problems: [String]
    public var ok: Bool { problems.isEmpty }

    public init(quick: Bool, units: Int, problems: [String]) {
        self.quick = quick
        self.units = units
        self.problems = problems
    }
}

/// Size and contents of a memory.
public struct MemoryStats: Sendable, Equatable, Codable {
    public var units: Int
    public var documents: Int
    public var imports: Int
    public var languages: [String]
    public var unitsByOrigin: [String: Int]
    public var bytes: Int64
    public var location: String

    // Public: other stores (another database) build the same values.
    public init(units: Int, documents: Int, imports: Int, languages: [String], unitsByOrigin: [String: Int], bytes: Int64, location: String) {
        self.units = units
        self.documents = documents
        self.imports = imports
        self.languages = languages
        self.unitsByOrigin = unitsByOrigin
        self.bytes = bytes
        self.location = location
    }
}
