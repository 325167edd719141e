import Foundation
import TMText

/// A chunk of a term's posting list as stored: the key it is filed under
/// (the import that wrote it, the newest one merged into it, or a pending
/// change's key, see `PostingAssembler`) and its encoded ids.
public struct StoredChunk: Sendable {
    public var key: Int64
    public var data: Data

    public init(key: Int64, data: Data) {
        self.key = key
        self.data = data
    }
}

/// A term's posting list without reading it: the size of its import chunks
/// and its pending changes (see `IndexUpdate.longList`).
public struct ChunkSummary: Sendable {
    public var importBytes: Int
    public var pending: [StoredChunk]

    public init(importBytes: Int, pending: [StoredChunk]) {
        self.importBytes = importBytes
        self.pending = pending
    }
}

/// A chunk to store: its key and its ids, sorted (none: delete it). A
/// term's import chunks, in key order, concatenate into one sorted list.
public struct PostingChunk: Sendable, Equatable {
    public var key: Int64
    public var ids: [UInt32]

    public init(key: Int64, ids: [UInt32]) {
        self.key = key
        self.ids = ids
    }
}

/// A chunk of one term.
public struct TermChunk: Sendable {
    public var term: UInt64
    public var chunk: PostingChunk

    public init(term: UInt64, chunk: PostingChunk) {
        self.term = term
        self.chunk = chunk
    }
}

/// A unit row with what the memory derives from its text: hashes, token
/// counts, normalized sides (for backends that store them) and index terms.
public struct IndexedUnit: Sendable {
    public var snapshot: UnitSnapshot
    public let en: MatchText
    public let zh: MatchText
    public var enHash: Int64 { Int64(bitPattern: StableHash.fnv1a(snapshot.en)) }
    public var zhHash: Int64 { Int64(bitPattern: StableHash.fnv1a(snapshot.zh)) }

    public init(_ snapshot: UnitSnapshot) {
        self.snapshot = snapshot
        en = MatchText(snapshot.en)
        zh = MatchText(snapshot.zh)
    }

    public func text(_ lang: Int) -> MatchText { lang == 0 ? en : zh }
}

/// The stored pair key of an English–Chinese pair (the memory stores each pair once).
public struct PairKey: Hashable, Sendable {
    public var enHash: Int64
    public var zhHash: Int64

    public init(en: String, zh: String) {
        enHash = Int64(bitPattern: StableHash.fnv1a(en))
        zhHash = Int64(bitPattern: StableHash.fnv1a(zh))
    }
}

/// The row-level steps every maintenance operation is made of, inside one
/// write transaction of a backend (which takes turns with imports). The
/// operations themselves (`UnitMaintenance`) are written once, over this.
public protocol MaintenanceTransaction: AnyObject, JobRows {
    /// Ids of the units the filter selects (and whose side contains the text,
    /// and that are among `among`, when given), in id order.
    func unitIDs(matching filter: UnitFilter, containing: TextCondition?, among: [Int64]?) throws -> [Int64]
    /// Ids of the units whose side in `language` is exactly `text`.
    func unitIDs(withSide text: String, language: Language) throws -> [Int64]
    /// The stored units among `ids`.
    func snapshots(_ ids: [Int64]) throws -> [Int64: UnitSnapshot]
    /// The unit storing a pair, if any.
    func unitID(holding pair: PairKey) throws -> Int64?
    /// Inserts the unit `id`, or replaces its row (its other imports included).
    func write(_ id: Int64, _ unit: IndexedUnit) throws
    /// Removes units and the record of their other imports.
    func remove(_ ids: [Int64]) throws
    /// The chunks of each term (0 English, 1 Chinese), in key order; terms without any are absent.
    func chunks(lang: Int, terms: [UInt64]) throws -> [UInt64: [StoredChunk]]
    /// For each term: the bytes of its import chunks (not read) and its pending chunks (keys below 0), read.
    func chunkSummaries(lang: Int, terms: [UInt64]) throws -> [UInt64: ChunkSummary]
    /// Stores changed chunks; a chunk without ids is deleted.
    func writeChunks(lang: Int, _ chunks: [TermChunk]) throws
    /// Keeps the texts of tokens for concordance (known ones are skipped).
    func addTokenTexts(_ tokens: [NewToken]) throws
    /// The oldest state of a unit the history holds (before its first change), if any.
    func firstRecordedState(_ id: Int64) throws -> UnitSnapshot?
    /// Ids for `count` units that no unit has or will be given.
    func reserveUnitIDs(_ count: Int) throws -> [Int64]
    /// Whether the history holds a change made at that second, of that kind, by that user and command.
    func hasChange(at: Int64, kind: ChangeKind, user: String, command: String) throws -> Bool
    /// Writes a change to the history and returns it with its id.
    func record(_ change: MemoryChange) throws -> MemoryChange
    func change(_ id: Int64) throws -> MemoryChange?
    /// Marks a change reverted by another (nil: in force again).
    func setRevertedBy(_ change: Int64, _ revertedBy: Int64?) throws

    /// An import: whether it was undone, and its document.
    func importState(_ id: Int64) throws -> (undone: Bool, documentID: Int64?)?
    /// Units filed under the import, and units it brought again (stored once, filed under another).
    func unitIDs(importedBy id: Int64) throws -> (filed: [Int64], alsoBrought: [Int64])
    func setImportUndone(_ id: Int64, at: Int64?, by: String?) throws
}

/// A memory whose units can be changed, not only added to.
public protocol MaintainableMemory {
    /// Runs `body` in one write transaction that takes turns with imports;
    /// if it throws, nothing it did is kept.
    func maintain<T>(_ body: (any MaintenanceTransaction) throws -> T) throws -> T

    /// One unit, with its current version (nil when there is none).
    func unit(_ id: Int64) throws -> StoredUnit?
    /// Ids of the units the filter selects, as `MaintenanceTransaction.unitIDs` (a read).
    func unitIDs(matching filter: UnitFilter, containing: TextCondition?, among: [Int64]?) throws -> [Int64]
    /// Groups of units that share their side in `language` and differ in the
    /// other (the same source, different translations), largest groups first.
    func duplicateGroups(language: Language, limit: Int) throws -> [[StoredUnit]]
    /// The penalties the memory stores (`PenaltyTable.effective` adds the defaults).
    func penalties() throws -> [Penalty]
    /// Sets a penalty; nil or 0 removes it (one with a default is stored as 0: off).
    func setPenalty(_ scope: PenaltyScope, points: Int?) throws
    /// Every change, oldest first, with all its units.
    func forEachChange(_ body: (MemoryChange) throws -> Void) throws
    /// Imports, newest first.
    func imports() throws -> [ImportRecord]
    /// Changes, newest first: all of them, or those touching one unit.
    func history(unitID: Int64?, limit: Int) throws -> [MemoryChange]
}
