import Foundation

/// A term's stored chunks put together as lookups read them: the chunks
/// filed under imports (keys ≥ 0), concatenated in key order, then the
/// pending changes of maintenance applied. Editing a unit whose term has a
/// long list (a word in most units) records the id in the term's small
/// `added` or `removed` chunk instead of rewriting a list of a million ids;
/// `IndexUpdate` folds them in once they grow (see `IndexUpdate.pendingLimit`).
public struct PostingAssembler {
    /// Keys of the two pending-change chunks; below every import's key, so they are read first.
    public static let addedKey: Int64 = -1
    public static let removedKey: Int64 = -2

    public private(set) var base: [UInt32] = []
    public private(set) var added: [UInt32] = []
    public private(set) var removed: [UInt32] = []

    public init() {}

    public mutating func add(key: Int64, _ raw: UnsafeRawBufferPointer) {
        switch key {
        case PostingAssembler.addedKey: PostingList.decode(raw, appendingTo: &added)
        case PostingAssembler.removedKey: PostingList.decode(raw, appendingTo: &removed)
        default: PostingList.decode(raw, appendingTo: &base)
        }
    }

    public mutating func add(key: Int64, _ data: Data) {
        data.withUnsafeBytes { add(key: key, $0) }
    }

    /// The same from any bytes (a database driver's buffer).
    public mutating func add<Bytes: Collection>(key: Int64, bytes: Bytes) where Bytes.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ add(key: key, UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { add(key: key, $0) }
        }
    }

    /// The term's ids, sorted.
    public func ids() -> [UInt32] {
        var ids = base
        if !added.isEmpty { ids = PostingList.union(ids, added) }
        if !removed.isEmpty { ids = PostingList.subtract(ids, removed) }
        return ids
    }
}

extension PostingList {
    /// The ids of two sorted lists, each once.
    public static func union(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) { result.append(a[i]); i += 1 }
            else if i == a.count || b[j] < a[i] { result.append(b[j]); j += 1 }
            else { result.append(a[i]); i += 1; j += 1 }
        }
        return result
    }

    /// `ids` without `removing` (both sorted).
    public static func subtract(_ ids: [UInt32], _ removing: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(ids.count)
        var j = 0
        for id in ids {
            while j < removing.count && removing[j] < id { j += 1 }
            if j < removing.count && removing[j] == id { continue }
            result.append(id)
        }
        return result
    }
}
