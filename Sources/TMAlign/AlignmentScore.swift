/// Precision, recall and F1 of alignment links, strict and lax, as in the
/// sentence-alignment literature (Vecalign's and Bertalign's scorer): a
/// strict hit is a link identical to a gold link; a lax hit overlaps a gold
/// link on both sides. Precision counts every proposed link with something
/// on either side; recall ignores links with an empty side.
public struct AlignmentScore: Sendable {
    public struct Counts: Sendable {
        var strictHit = 0, strictMiss = 0, laxHit = 0, laxMiss = 0
        mutating func add(_ o: Counts) { strictHit += o.strictHit; strictMiss += o.strictMiss; laxHit += o.laxHit; laxMiss += o.laxMiss }
    }

    public typealias Link = (zh: [Int], en: [Int])

    private var precision = Counts()
    private var recall = Counts()

    public init() {}

    /// Adds another set of documents' counts.
    public mutating func add(_ other: AlignmentScore) {
        precision.add(other.precision)
        recall.add(other.recall)
    }

    /// Adds one document's gold and proposed links.
    public mutating func add(gold: [Link], test: [Link]) {
        precision.add(AlignmentScore.count(gold: gold, test: test))
        let nonEmpty = { (links: [Link]) in links.filter { !$0.zh.isEmpty && !$0.en.isEmpty } }
        recall.add(AlignmentScore.count(gold: nonEmpty(test), test: nonEmpty(gold)))
    }

    static func count(gold: [Link], test: [Link]) -> Counts {
        var c = Counts()
        let goldSet = Set(gold.map { Key(zh: $0.zh, en: $0.en) })
        var zhToEn: [Int: Set<Int>] = [:]
        for g in gold { for s in g.zh { zhToEn[s, default: []].formUnion(g.en) } }
        for t in test where !(t.zh.isEmpty && t.en.isEmpty) {
            if goldSet.contains(Key(zh: t.zh, en: t.en)) {
                c.strictHit += 1; c.laxHit += 1
            } else {
                c.strictMiss += 1
                let targets = t.zh.reduce(into: Set<Int>()) { $0.formUnion(zhToEn[$1] ?? []) }
                if !targets.isDisjoint(with: t.en) { c.laxHit += 1 } else { c.laxMiss += 1 }
            }
        }
        return c
    }

    private struct Key: Hashable { var zh: [Int]; var en: [Int] }

    private static func ratio(_ hit: Int, _ miss: Int) -> Double { hit + miss == 0 ? 0 : Double(hit) / Double(hit + miss) }
    private static func f1(_ p: Double, _ r: Double) -> Double { p + r == 0 ? 0 : 2 * p * r / (p + r) }

    public var strict: (p: Double, r: Double, f1: Double) {
        let p = AlignmentScore.ratio(precision.strictHit, precision.strictMiss), r = AlignmentScore.ratio(recall.strictHit, recall.strictMiss)
        return (p, r, AlignmentScore.f1(p, r))
    }

    public var lax: (p: Double, r: Double, f1: Double) {
        let p = AlignmentScore.ratio(precision.laxHit, precision.laxMiss), r = AlignmentScore.ratio(recall.laxHit, recall.laxMiss)
        return (p, r, AlignmentScore.f1(p, r))
    }
}
