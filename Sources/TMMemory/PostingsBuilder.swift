import Foundation

/// Collects, during an import, the unit ids of each index term.
///
/// A Swift dictionary of arrays costs a hash, a uniqueness check and often a
/// reallocation for each of the ~25 terms of every unit. Here each new term
/// gets the next number from an open-addressing table (term hashes are
/// already uniformly spread, so they index it directly), and every add is one
/// packed (number, id) entry appended to fixed-size chunks, which never move
/// once allocated; at the end a counting sort groups the ids by number. Ids
/// arrive in increasing order, so each term's list comes out sorted.
public struct PostingsBuilder {
    /// Term per slot; 0 marks an empty slot (a term hashing to 0 is stored as 1:
    /// it only merges that term's list with another's, which verification absorbs).
    private var keys: [UInt64]
    /// The number of the term in each used slot.
    private var numbers: [Int32]
    private var mask: Int
    /// Terms by number.
    private var terms: [UInt64] = []
    /// (number << 32 | id), in the order added.
    private var chunks: [[UInt64]] = []
    private static let chunkSize = 1 << 20

    public var termCount: Int { terms.count }

    public init(capacity: Int = 1 << 16) {
        let size = tableSize(capacity)
        keys = [UInt64](repeating: 0, count: size)
        numbers = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// Records that unit `id` holds `term`; returns true when the term is new to this import.
    @discardableResult
    public mutating func add(term: UInt64, id: UInt32) -> Bool {
        if terms.count * 2 >= keys.count { grow() }
        let key = term == 0 ? 1 : term
        var slot = Int(truncatingIfNeeded: key) & mask
        var number: Int32 = -1
        keys.withUnsafeBufferPointer { k in
            while k[slot] != 0 && k[slot] != key { slot = (slot + 1) & mask }
            if k[slot] == key { number = numbers[slot] }
        }
        let isNew = number < 0
        if isNew {
            number = Int32(terms.count)
            keys[slot] = key
            numbers[slot] = number
            terms.append(key)
        }
        if chunks.isEmpty || chunks[chunks.count - 1].count == PostingsBuilder.chunkSize {
            chunks.append([])
            chunks[chunks.count - 1].reserveCapacity(PostingsBuilder.chunkSize)
        }
        chunks[chunks.count - 1].append(UInt64(UInt32(number)) << 32 | UInt64(id))
        return isNew
    }

    /// Each term with its ids (in increasing order), terms in stored-key order.
    public func forEachTerm(_ body: (UInt64, ArraySlice<UInt32>) throws -> Void) rethrows {
        var starts = [Int](repeating: 0, count: terms.count + 1)
        for chunk in chunks { for entry in chunk { starts[Int(entry >> 32) + 1] += 1 } }
        for k in 0..<terms.count { starts[k + 1] += starts[k] }
        var fill = starts
        var grouped = [UInt32](repeating: 0, count: starts[terms.count])
        for chunk in chunks {
            for entry in chunk {
                let number = Int(entry >> 32)
                grouped[fill[number]] = UInt32(truncatingIfNeeded: entry)
                fill[number] += 1
            }
        }
        // In the order of the stored key (the term as a signed integer), so the
        // postings B-tree is filled front to back instead of at random places.
        let order = terms.indices.sorted { Int64(bitPattern: terms[$0]) < Int64(bitPattern: terms[$1]) }
        for number in order {
            try body(terms[number], grouped[starts[number]..<starts[number + 1]])
        }
    }

    /// A table twice the size; entries keep their numbers, so they stay as they are.
    private mutating func grow() {
        let size = keys.count * 2
        var bigger = [UInt64](repeating: 0, count: size)
        var biggerNumbers = [Int32](repeating: 0, count: size)
        let biggerMask = size - 1
        for (number, key) in terms.enumerated() {
            var s = Int(truncatingIfNeeded: key) & biggerMask
            while bigger[s] != 0 { s = (s + 1) & biggerMask }
            bigger[s] = key
            biggerNumbers[s] = Int32(number)
        }
        keys = bigger
        numbers = biggerNumbers
        mask = biggerMask
    }
}

/// A set of 64-bit hashes (open addressing, same idea as `PostingsBuilder`).
public struct HashSet64: Sendable {
    private var keys: [UInt64]
    private var used: [Bool]
    private var mask: Int
    public private(set) var count = 0

    public init(capacity: Int = 1 << 16) {
        let size = tableSize(capacity)
        keys = [UInt64](repeating: 0, count: size)
        used = [Bool](repeating: false, count: size)
        mask = size - 1
    }

    /// Inserts `key`; returns true when it was not there before.
    @discardableResult
    public mutating func insert(_ key: UInt64) -> Bool {
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

    public func contains(_ key: UInt64) -> Bool {
        var slot = Int(truncatingIfNeeded: key) & mask
        while used[slot] {
            if keys[slot] == key { return true }
            slot = (slot + 1) & mask
        }
        return false
    }

    public func forEach(_ body: (UInt64) -> Void) {
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

/// Sorted unit ids as stored in a posting chunk: four zero bytes (no list
/// starts with unit 0, so this tells the format apart from the one before),
/// then the gaps between successive ids as LEB128 varints. Common words have
/// gaps of a few units, one byte each instead of four: the lists take about
/// a third of the room, and an import writes that much less.
/// Chunks written before (plain little-endian 32-bit ids) still decode.
public enum PostingList {
    /// A term may collect this many chunks (one per import) before they are merged into one.
    public static let maxChunks = 16

    private static let marker = 4

    /// Not generic on purpose: the backends call it from their own modules,
    /// where a generic function would run unspecialized, an element at a time
    /// through its protocol (an import encodes tens of millions of ids).
    public static func encode(_ ids: ArraySlice<UInt32>) -> Data {
        ids.withUnsafeBufferPointer(encode)
    }

    public static func encode(_ ids: [UInt32]) -> Data {
        ids.withUnsafeBufferPointer(encode)
    }

    private static func encode(_ ids: UnsafeBufferPointer<UInt32>) -> Data {
        // Written in place into room for the longest gaps (five bytes each), then cut to size.
        var data = Data(count: marker + ids.count * 5)
        let used = data.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) -> Int in
            var n = marker
            var previous: UInt32 = 0
            for id in ids {
                var gap = id &- previous
                previous = id
                while gap >= 0x80 {
                    raw[n] = UInt8(truncatingIfNeeded: gap) | 0x80
                    n += 1
                    gap >>= 7
                }
                raw[n] = UInt8(gap)
                n += 1
            }
            return n
        }
        data.count = used
        return data
    }

    /// Appends the ids of one stored chunk to `ids`.
    public static func decode(_ raw: UnsafeRawBufferPointer, appendingTo ids: inout [UInt32]) {
        guard raw.count >= marker, raw[0] == 0, raw[1] == 0, raw[2] == 0, raw[3] == 0 else {
            // The plain format: little-endian 32-bit ids.
            for k in 0..<(raw.count / 4) { ids.append(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: k * 4, as: UInt32.self))) }
            return
        }
        // At least this many ids follow (five bytes at most each); grown
        // geometrically, since a term's chunks are appended one after another.
        let needed = ids.count + (raw.count - marker) / 5
        if ids.capacity < needed { ids.reserveCapacity(max(needed, 2 * ids.capacity)) }
        var previous: UInt32 = 0, gap: UInt32 = 0, shift: UInt32 = 0
        for i in marker..<raw.count {
            let byte = raw[i]
            gap |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 {
                previous &+= gap
                ids.append(previous)
                gap = 0
                shift = 0
            } else {
                shift += 7
            }
        }
    }

    /// The same from any bytes (a database driver's buffer).
    public static func decode<Bytes: Collection>(bytes: Bytes) -> [UInt32] where Bytes.Element == UInt8 {
        var ids: [UInt32] = []
        if bytes.withContiguousStorageIfAvailable({ decode(UnsafeRawBufferPointer($0), appendingTo: &ids) }) == nil {
            Array(bytes).withUnsafeBytes { decode($0, appendingTo: &ids) }
        }
        return ids
    }

    public static func decode(_ data: Data) -> [UInt32] {
        var ids: [UInt32] = []
        data.withUnsafeBytes { decode($0, appendingTo: &ids) }
        return ids
    }

    /// One chunk holding the ids of a term's chunks, given in key order,
    /// pending changes included (the rule both backends follow when a term
    /// has more than `maxChunks`).
    public static func merge(_ chunks: [(key: Int64, data: Data)]) -> Data {
        var assembler = PostingAssembler()
        for chunk in chunks { assembler.add(key: chunk.key, chunk.data) }
        return encode(assembler.ids())
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
}
