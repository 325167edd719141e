import Foundation
import Synchronization

/// Long posting lists kept in memory between lookups: the commonest words'
/// lists (hundreds of thousands of ids at a million units) are then read
/// once instead of once per lookup. Every memory keeps one for all its
/// lookups; a batch (a coverage report) may bring its own.
///
/// Lists belong to a generation, the memory's newest import id plus its
/// newest change id as read in the lookup's own transaction: every import and
/// every edit adds a row, whichever process writes it, so a lookup that sees
/// a newer generation drops the old lists, and one reading an older snapshot
/// neither uses nor fills the cache.
public final class PostingCache: Sendable {
    /// Lists shorter than this are cheap to read again and are not kept.
    static let minimumLength = 4096

    private struct Key: Hashable {
        var lang: Int
        var term: UInt64
    }

    private struct State {
        var generation: Int64 = -1
        var lists: [Key: [UInt32]] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())
    private let maximumBytes: Int

    public init(maximumBytes: Int = 256 << 20) {
        self.maximumBytes = maximumBytes
    }

    /// Moves the cache to `generation` if it is newer; false when the caller's
    /// snapshot is older than the cache (it must not use it).
    public func adopt(generation: Int64) -> Bool {
        state.withLock { state in
            if generation > state.generation {
                state = State()
                state.generation = generation
            }
            return generation == state.generation
        }
    }

    public func list(lang: Int, term: UInt64, generation: Int64) -> [UInt32]? {
        state.withLock { $0.generation == generation ? $0.lists[Key(lang: lang, term: term)] : nil }
    }

    /// Keeps `ids` if the list is long enough to be worth it, room remains and
    /// the cache is still at the generation the list was read in.
    public func keep(_ ids: [UInt32], lang: Int, term: UInt64, generation: Int64) {
        guard ids.count >= PostingCache.minimumLength else { return }
        state.withLock { state in
            guard state.generation == generation, state.bytes + ids.count * 4 <= maximumBytes,
                  state.lists[Key(lang: lang, term: term)] == nil else { return }
            state.lists[Key(lang: lang, term: term)] = ids
            state.bytes += ids.count * 4
        }
    }
}
