import Foundation
import Testing
import TMMemory
import TMTestSupport

/// Stores chunks the way a backend does and reads them back the way lookups do.
private struct ChunkTable {
    var rows: [Int64: Data] = [:]

    var stored: [StoredChunk] { rows.keys.sorted().map { StoredChunk(key: $0, data: rows[$0]!) } }

    mutating func write(_ chunks: [PostingChunk]) {
        for chunk in chunks { rows[chunk.key] = chunk.ids.isEmpty ? nil : PostingList.encode(chunk.ids) }
    }

    var ids: [UInt32] {
        var assembler = PostingAssembler()
        for chunk in stored { assembler.add(key: chunk.key, chunk.data) }
        return assembler.ids()
    }

    /// The import chunks, in key order, concatenate into a sorted list.
    var importChunksInOrder: Bool {
        let concatenated = stored.filter { $0.key >= 0 }.flatMap { PostingList.decode($0.data) }
        return concatenated == concatenated.sorted() && Set(concatenated).count == concatenated.count
    }
}

@Suite("Index updates")
struct IndexUpdateTests {
    @Test(arguments: [300, 30_000])
    func randomEditsKeepTheListExactAndSorted(_ listSize: Int) {
        var r = SeededGenerator(seed: UInt64(listSize))
        // Three imports' chunks over disjoint id ranges, with gaps.
        var table = ChunkTable()
        var model = Set<UInt32>()
        var next: UInt32 = 1
        for key in [Int64(3), 7, 12] {
            var ids: [UInt32] = []
            for _ in 0..<(listSize / 3) { next += UInt32.random(in: 1...3, using: &r); ids.append(next) }
            table.rows[key] = PostingList.encode(ids)
            model.formUnion(ids)
        }
        let largest = next
        var sawPending = false
        for _ in 0..<150 {
            // Remove a few present ids, add a few absent ones (as an edit, a delete or a revert does).
            let present = Array(model)
            let removing = Set((0..<Int.random(in: 0...3, using: &r)).map { _ in present.randomElement(using: &r)! })
            var adding = Set<UInt32>()
            for _ in 0..<Int.random(in: 0...3, using: &r) {
                let id = UInt32.random(in: 1...largest, using: &r)
                if !model.contains(id) && !removing.contains(id) { adding.insert(id) }
            }
            table.write(IndexUpdate.update(table.stored, removing: removing.sorted(), adding: adding.sorted()))
            model.subtract(removing)
            model.formUnion(adding)
            sawPending = sawPending || table.rows[PostingAssembler.addedKey] != nil || table.rows[PostingAssembler.removedKey] != nil
            #expect(table.ids == model.sorted())
            #expect(table.importChunksInOrder)
        }
        // Short lists are rewritten exactly; long ones keep pending changes.
        #expect(sawPending == (listSize * 2 > IndexUpdate.longList))
    }

    @Test func pendingChangesAreFoldedInOnceTheyGrow() {
        let ids = (1...60_000).map { UInt32($0 * 2) }
        var table = ChunkTable()
        table.rows[5] = PostingList.encode(ids)
        let limit = IndexUpdate.pendingLimit(listBytes: table.rows[5]!.count)
        var removed: [UInt32] = []
        for k in 0..<(limit + 10) {
            removed.append(ids[k])
            table.write(IndexUpdate.update(table.stored, removing: [ids[k]], adding: []))
        }
        #expect(table.rows[PostingAssembler.removedKey].map { PostingList.decode($0).count } ?? 0 < limit)
        #expect(table.ids == PostingList.subtract(ids, removed))
    }

    @Test func anIdAddedToATermWithoutChunksGetsOne() {
        var table = ChunkTable()
        table.write(IndexUpdate.update([], removing: [], adding: [7, 42]))
        #expect(table.ids == [7, 42])
        table.write(IndexUpdate.update(table.stored, removing: [7, 42], adding: []))
        #expect(table.rows.isEmpty)
    }
}
