import Foundation
import Synchronization

/// Long posting lists kept in memory for one batch of lookups, such as the
/// segments of a coverage report: the commonest words' lists (hundreds of
/// thousands of ids at a million units) are then read once per report
/// instead of once per segment. It is a snapshot: make one per batch, not
/// one that outlives writes to the memory.
public final class PostingCache: Sendable {
    /// Lists shorter than this are cheap to read again and are not kept.
    static let minimumLength = 4096

    private struct Key: Hashable {
        var lang: Int
        var term: UInt64
    }

    private struct State {
        var lists: [Key: [UInt32]] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())
    private let maximumBytes: Int

    public init(maximumBytes: Int = 256 << 20) {
        self.maximumBytes = maximumBytes
    }

    func list(lang: Int, term: UInt64) -> [UInt32]? {
        state.withLock { $0.lists[Key(lang: lang, term: term)] }
    }

    /// Keeps `ids` if the list is long enough to be worth it and room remains.
    func keep(_ ids: [UInt32], lang: Int, term: UInt64) {
        guard ids.count >= PostingCache.minimumLength else { return }
        state.withLock { state in
            guard state.bytes + ids.count * 4 <= maximumBytes, state.lists[Key(lang: lang, term: term)] == nil else { return }
            state.lists[Key(lang: lang, term: term)] = ids
            state.bytes += ids.count * 4
        }
    }
}
