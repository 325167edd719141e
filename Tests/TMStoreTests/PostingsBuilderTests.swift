import Testing
import TMStore

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
}
