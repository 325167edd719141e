import Foundation
import Testing
import TMMemory

@Suite("Postings builder")
struct PostingsBuilderTests {
    /// Enough terms to grow the table several times and enough entries to
    /// fill more than one chunk: every term gets exactly its ids, sorted.
    @Test func groupsIdsByTermAcrossGrowth() {
        var builder = PostingsBuilder(capacity: 4)
        var expected: [UInt64: [UInt32]] = [:]
        var generator = SystemRandomNumberGenerator()
        let terms = (0..<5_000).map { _ in UInt64.random(in: 2...UInt64.max, using: &generator) }
        var newTerms = 0
        for id in UInt32(1)...UInt32(400) {
            // Each unit holds a few thousand terms, some of them every time.
            for k in stride(from: Int(id % 7), to: terms.count, by: 1 + Int(id % 3)) {
                if builder.add(term: terms[k], id: id) { newTerms += 1 }
                expected[terms[k], default: []].append(id)
            }
        }
        #expect(newTerms == expected.count)
        #expect(builder.termCount == expected.count)
        var seen: [UInt64: [UInt32]] = [:]
        var previous = Int64.min
        builder.forEachTerm { term, ids in
            #expect(Int64(bitPattern: term) > previous)  // in stored-key order
            previous = Int64(bitPattern: term)
            seen[term] = Array(ids)
        }
        #expect(seen == expected)
        #expect(expected.values.reduce(0) { $0 + $1.count } > 1 << 20)
    }

    @Test func aTermHashingToZeroIsKept() {
        var builder = PostingsBuilder()
        let first = builder.add(term: 0, id: 3), second = builder.add(term: 0, id: 9)
        #expect(first && !second)
        var lists: [[UInt32]] = []
        builder.forEachTerm { _, ids in lists.append(Array(ids)) }
        #expect(lists == [[3, 9]])
    }

    @Test func postingListsRoundTripAcrossEveryGapLength() {
        // Gaps needing one to five bytes, both ends of each length.
        var ids: [UInt32] = []
        var id: UInt32 = 0
        for gap: UInt32 in [1, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, 1, 2] {
            id += gap
            ids.append(id)
        }
        ids.append(UInt32.max)
        let encoded = PostingList.encode(ids)
        #expect(PostingList.decode(encoded) == ids)
        #expect(PostingList.decode(bytes: Array(encoded)) == ids)
        // A driver's buffer that is not contiguous takes the copying path.
        #expect(PostingList.decode(bytes: AnyCollection(Array(encoded))) == ids)
        #expect(PostingList.decode(PostingList.encode([UInt32]())) == [])
    }

    @Test func denseListsTakeAboutAByteAnId() {
        let ids = Array(stride(from: UInt32(5), to: 200_000, by: 3))
        let encoded = PostingList.encode(ids)
        #expect(encoded.count == 4 + ids.count)
        #expect(PostingList.decode(encoded) == ids)
    }

    @Test func listsInThePlainFormatStillDecode() {
        let ids: [UInt32] = [1, 2, 300, 70_000, 16_777_216]
        let plain = Data(ids.flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } })
        #expect(PostingList.decode(plain) == ids)
        #expect(PostingList.decode(bytes: Array(plain)) == ids)
    }
}
