import Testing
import TMMemory

@Suite("Match text batch")
struct MatchTextBatchTests {
    /// Segments that take every path: ASCII, Han (Traditional folded to
    /// Simplified), full-width forms, placeholders, repeated tokens, text that
    /// needs ICU (a ligature, a circled digit), an empty segment.
    static let segments = [
        "The Fed raised rates by 0.25 points, the Fed said.",
        "「這是雲端運算。」他說，雲端很重要。",
        "ＡＷＳ announced ２０２６ plans ⟦1⟧in Beijing⟦/1⟧.",
        "",
        "ﬁnance ① and no no no",
        "亚马逊宣布追加投资，投资额为50亿美元。",
        "   ",
        "Mixed 中文 and English 123 中文",
    ]

    @Test func agreesWithMatchTextForEverySegment() {
        var batch = MatchTextBatch()
        for segment in Self.segments { batch.append(segment) }
        #expect(batch.count == Self.segments.count)
        for (k, segment) in Self.segments.enumerated() {
            let single = MatchText(segment)
            let tokens = batch.tokens(of: k)
            #expect(batch.normalized(k) == single.normalized, "segment \(k)")
            #expect(tokens.count == single.count, "segment \(k)")
            #expect(tokens.map { batch.term($0) } == single.termHashes, "segment \(k)")
            #expect(tokens.map { batch.tokenHash($0) } == single.hashes, "segment \(k)")
            #expect(tokens.map { batch.tokenText($0) } == single.tokens, "segment \(k)")
        }
    }

    @Test func repeatedTokensGetTheirOccurrenceNumber() {
        var batch = MatchTextBatch()
        batch.append("no no no")
        let terms = batch.tokens(of: 0).map { batch.term($0) }
        #expect(Set(terms).count == 3)
        #expect(terms[0] == batch.tokenHash(0))
        #expect(terms[1] == IndexTerm.hash(batch.tokenHash(0), occurrence: 2))
    }
}
