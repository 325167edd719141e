import TMText

/// What the use cases need from a translation memory. SQLite implements it
/// today; a shared server database can implement the same calls.
public protocol TranslationMemoryStore: AnyObject {
    /// Imports the units `produce` hands to the sink, as one transaction: if
    /// `produce` throws, nothing of this import is stored. A source whose
    /// SHA-256 was imported before is not read again (`alreadyImported`).
    func importUnits(from source: ImportSource, _ produce: (any UnitSink) throws -> Void) throws -> ImportSummary

    /// Units whose side in the query's language scores at least `minScore`
    /// (0–100) against `text`, best first; exact matches score 100.
    func lookup(_ text: String, language: Language, minScore: Int, limit: Int) throws -> [Match]

    /// Units containing `text` literally (after normalization), in either
    /// language or the one given.
    func concordance(_ text: String, language: Language?, limit: Int) throws -> [ConcordanceHit]

    func stats() throws -> MemoryStats
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
        case .damaged(let path, let problems):
            return "\(path): the memory is damaged (\(problems.first ?? "integrity check failed")); nothing was written. "
                + "Run `tmkit check` for a full report, then `tmkit restore BACKUP` from a backup, "
                + "or recover what SQLite can with `sqlite3 \(path) .recover | sqlite3 recovered.sqlite`"
        }
    }
}
