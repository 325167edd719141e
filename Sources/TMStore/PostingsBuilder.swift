import Foundation

/// Collects, during an import, the unit ids of each index term.
///
/// A Swift dictionary of arrays costs a hash, a uniqueness check and often a
/// reallocation for each of the ~25 terms of every unit. Here each term gets
/// a slot in an open-addressing table (term hashes are already uniformly
/// spread, so they index it directly) and every (slot, id) pair is appended
/// to two flat arrays; at the end a counting sort groups the ids by slot.
/// Ids arrive in increasing order, so each term's list comes out sorted.
public struct PostingsBuilder {
    /// Term per slot; 0 marks an empty slot (a term hashing to 0 is stored as 1:
    /// it only merges that term's list with another's, which verification absorbs).
    private var keys: [UInt64]
    private var slotOfEntry: [Int32] = []
    private var idOfEntry: [UInt32] = []
    private var mask: Int
    public private(set) var termCount = 0

    public init(capacity: Int = 1 << 16) {
        let size = tableSize(capacity)
        keys = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// Records that unit `id` holds `term`; returns true when the term is new to this import.
    @discardableResult
    public mutating func add(term: UInt64, id: UInt32) -> Bool {
        if termCount * 2 >= keys.count { grow() }
        let key = term == 0 ? 1 : term
        var isNew = false
        let slot: Int = keys.withUnsafeMutableBufferPointer { k in
            var slot = Int(truncatingIfNeeded: key) & mask
            while k[slot] != 0 && k[slot] != key { slot = (slot + 1) & mask }
            if k[slot] == 0 {
                k[slot] = key
                isNew = true
            }
            return slot
        }
        if isNew { termCount += 1 }
        slotOfEntry.append(Int32(slot))
        idOfEntry.append(id)
        return isNew
    }

    /// Each term with its ids (in increasing order), terms in stored-key order.
    public func forEachTerm(_ body: (UInt64, ArraySlice<UInt32>) throws -> Void) rethrows {
        var starts = [Int](repeating: 0, count: keys.count + 1)
        for slot in slotOfEntry { starts[Int(slot) + 1] += 1 }
        for k in 0..<keys.count { starts[k + 1] += starts[k] }
        var fill = starts
        var grouped = [UInt32](repeating: 0, count: idOfEntry.count)
        for (slot, id) in zip(slotOfEntry, idOfEntry) {
            grouped[fill[Int(slot)]] = id
            fill[Int(slot)] += 1
        }
        // In the order of the stored key (the term as a signed integer), so the
        // postings B-tree is filled front to back instead of at random places.
        var slots = (0..<keys.count).filter { keys[$0] != 0 }
        slots.sort { Int64(bitPattern: keys[$0]) < Int64(bitPattern: keys[$1]) }
        for slot in slots {
            try body(keys[slot], grouped[starts[slot]..<starts[slot + 1]])
        }
    }

    private mutating func grow() {
        var bigger = PostingsBuilder(capacity: keys.count)
        var moved = [Int32](repeating: -1, count: keys.count)
        for slot in 0..<keys.count where keys[slot] != 0 {
            var s = Int(truncatingIfNeeded: keys[slot]) & bigger.mask
            while bigger.keys[s] != 0 { s = (s + 1) & bigger.mask }
            bigger.keys[s] = keys[slot]
            moved[slot] = Int32(s)
        }
        bigger.termCount = termCount
        bigger.idOfEntry = idOfEntry
        bigger.slotOfEntry = slotOfEntry.map { moved[Int($0)] }
        self = bigger
    }
}

/// A set of 64-bit hashes (open addressing, same idea as `PostingsBuilder`).
struct HashSet64 {
    private var keys: [UInt64]
    private var used: [Bool]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        let size = tableSize(capacity)
        keys = [UInt64](repeating: 0, count: size)
        used = [Bool](repeating: false, count: size)
        mask = size - 1
    }

    /// Inserts `key`; returns true when it was not there before.
    @discardableResult
    mutating func insert(_ key: UInt64) -> Bool {
        if count * 2 >= keys.count { grow() }
        var slot = Int(truncatingIfNeeded: key) & mask
        while used[slot] {
            if keys[slot] == key { return false }
            slot = (slot + 1) & mask
        }
        used[slot] = true
        keys[slot] = key
        count += 1
        return true
    }

    func contains(_ key: UInt64) -> Bool {
        var slot = Int(truncatingIfNeeded: key) & mask
        while used[slot] {
            if keys[slot] == key { return true }
            slot = (slot + 1) & mask
        }
        return false
    }

    func forEach(_ body: (UInt64) -> Void) {
        for slot in 0..<keys.count where used[slot] { body(keys[slot]) }
    }

    private mutating func grow() {
        var bigger = HashSet64(capacity: keys.count)
        for slot in 0..<keys.count where used[slot] { bigger.insert(keys[slot]) }
        self = bigger
    }
}

/// A power of two at least twice `capacity`, so open addressing stays half empty.
private func tableSize(_ capacity: Int) -> Int {
    var size = 1
    while size < capacity * 2 { size <<= 1 }
    return size
}

/// Sorted unit ids stored as little-endian 32-bit integers: no decoding
/// beyond a copy, so long lists for common words stay cheap to read.
public enum PostingList {
    /// A term may collect this many chunks (one per import) before they are merged into one.
    public static let maxChunks = 16

    public static func encode<C: Collection>(_ ids: C) -> Data where C.Element == UInt32 {
        var data = Data(count: ids.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (k, id) in ids.enumerated() { raw.storeBytes(of: id.littleEndian, toByteOffset: k * 4, as: UInt32.self) }
        }
        return data
    }

    /// Ids present in both sorted lists.
    public static func intersect(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { result.append(a[i]); i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return result
    }

    /// The same from any contiguous bytes (a database driver's buffer).
    public static func decode<Bytes: Collection>(bytes: Bytes) -> [UInt32] where Bytes.Element == UInt8 {
        let count = bytes.count / 4
        var ids = [UInt32](repeating: 0, count: count)
        ids.withUnsafeMutableBytes { raw in
            raw.copyBytes(from: bytes.prefix(count * 4))
        }
        #if _endian(big)
        for k in ids.indices { ids[k] = UInt32(littleEndian: ids[k]) }
        #endif
        return ids
    }

    public static func decode(_ data: Data) -> [UInt32] {
        let count = data.count / 4
        return data.withUnsafeBytes { raw in
            (0..<count).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
    }
}
