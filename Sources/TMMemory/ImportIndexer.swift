import Dispatch
import TMText

extension Language {
    /// The language as the index tables store it (`lang` columns): 0 English, 1 Chinese.
    public var storageCode: Int { self == .en ? 0 : 1 }

    /// The language a stored code stands for (nil for anything else).
    public init?(storageCode: Int) {
        switch storageCode {
        case 0: self = .en
        case 1: self = .zh
        default: return nil
        }
    }

    /// Both languages, in storage-code order.
    public static let stored: [Language] = [.en, .zh]
}

/// A token seen for the first time by an import, whose text concordance needs.
public struct NewToken: Sendable, Equatable {
    public var language: Language
    public var hash: UInt64
    public var text: String
}

/// A unit of a batch that the backend stored: its place in the batch and its new id.
public struct StoredRow: Sendable {
    public var index: Int
    public var id: UInt32

    public init(index: Int, id: UInt32) {
        self.index = index
        self.id = id
    }
}

/// The index rules of an import, shared by every backend: each stored unit is
/// filed under each of its terms (`MatchText.termHashes`), and a token's
/// first occurrence that the memory does not know yet keeps its text for
/// concordance. Batches are indexed on a serial queue of its own, in id order,
/// while the importing thread stores the next batch (storing is the import's
/// slowest stage); its state is touched only on that queue and read after `drain()`.
public final class ImportIndexer: @unchecked Sendable {
    private var postings = [PostingsBuilder(), PostingsBuilder()]
    /// Tokens whose text the memory has (or this import found), per language.
    private var knownTokens: [HashSet64]
    private var newTokens: [NewToken] = []
    private let queue = DispatchQueue(label: "tmkit.import.index")

    /// `knownTokens`: the tokens whose text is stored already, per language;
    /// none when the backend skips known ones itself.
    public init(knownTokens: [HashSet64] = [HashSet64(), HashSet64()]) {
        self.knownTokens = knownTokens
    }

    /// Indexes the units of `batch` that were stored, in increasing id order.
    public func index(_ batch: PreparedBatch, stored: [StoredRow]) {
        queue.async { [self] in
            // The state is moved into locals for the batch: no exclusivity
            // checks or reference counting per term on the class's properties.
            var postings = [PostingsBuilder](), knownTokens = [HashSet64](), newTokens: [NewToken] = []
            swap(&postings, &self.postings)
            swap(&knownTokens, &self.knownTokens)
            swap(&newTokens, &self.newTokens)
            func add(_ language: Language, _ texts: MatchTextBatch, _ k: Int, _ id: UInt32) {
                let lang = language.storageCode
                for j in texts.tokens(of: k) {
                    let term = texts.term(j)
                    // A term new to this import may be a token new to the memory: keep its text.
                    guard postings[lang].add(term: term, id: id), term == texts.tokenHash(j),
                          knownTokens[lang].insert(term) else { continue }
                    newTokens.append(NewToken(language: language, hash: term, text: texts.tokenText(j)))
                }
            }
            for row in stored {
                add(.en, batch.en, row.index, row.id)
                add(.zh, batch.zh, row.index, row.id)
            }
            swap(&postings, &self.postings)
            swap(&knownTokens, &self.knownTokens)
            swap(&newTokens, &self.newTokens)
        }
    }

    /// What the import adds to the index: each term's new ids, and the tokens new to the memory.
    public struct Result {
        /// Per language, in storage-code order.
        public var postings: [PostingsBuilder]
        public var newTokens: [NewToken]
    }

    /// Waits for the queued batches.
    public func drain() -> Result {
        queue.sync { Result(postings: postings, newTokens: newTokens) }
    }
}

/// A batch of units with their match texts, computed on a background queue
/// so that the next batches are normalized and tokenized on another core
/// while the importing thread stores one.
public final class PreparedBatch: @unchecked Sendable {
    public let units: [TranslationUnit]
    // Written once by the background work, read after `wait()`.
    public private(set) var en = MatchTextBatch()
    public private(set) var zh = MatchTextBatch()
    /// What each unit's row stores besides its text (its pair key and token
    /// counts), in one array: the storing loop reads one plain value a unit.
    public private(set) var rows: [PreparedRow] = []
    private let done = DispatchSemaphore(value: 0)

    public init(_ units: [TranslationUnit]) {
        self.units = units
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            var en = MatchTextBatch(), zh = MatchTextBatch()
            var rows: [PreparedRow] = []
            rows.reserveCapacity(units.count)
            for (k, unit) in units.enumerated() {
                en.append(unit.en)
                zh.append(unit.zh)
                rows.append(PreparedRow(enHash: Int64(bitPattern: StableHash.fnv1a(unit.en)), zhHash: Int64(bitPattern: StableHash.fnv1a(unit.zh)),
                                        enTokens: Int64(en.tokens(of: k).count), zhTokens: Int64(zh.tokens(of: k).count)))
            }
            (self.en, self.zh, self.rows) = (en, zh, rows)
            done.signal()
        }
    }

    /// Blocks until the batch is prepared.
    public func wait() { done.wait() }
}

/// The stored columns of a prepared unit that are not its text.
public struct PreparedRow: Sendable {
    /// Hashes of the verbatim sides (the stored pair key).
    public var enHash: Int64
    public var zhHash: Int64
    public var enTokens: Int64
    public var zhTokens: Int64
}
