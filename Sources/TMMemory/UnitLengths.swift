import TMText

/// Token counts of every unit (both sides), kept in memory per open memory.
/// With a unit's length known before its row is read, the count filter can
/// use the exact bound score ≤ 100 × shared / max(m, n) and the length
/// window |m − n| ≤ allowed distance, so far fewer rows are fetched.
/// Each backend loads it once, then extends it with the units added since
/// (new ids are larger than all before) and re-reads the units the history
/// says changed. Counts above 255 are stored as 255, which only loosens the bounds.
public struct UnitLengthTable: Sendable {
    public private(set) var en: [UInt8] = []
    public private(set) var zh: [UInt8] = []
    /// The largest id recorded.
    public private(set) var maxID: Int64 = 0

    public init() {}

    /// Records one unit's token counts.
    public mutating func set(id: Int64, en enCount: Int, zh zhCount: Int) {
        let index = Int(id)
        if index >= en.count {
            let size = max(index + 1, en.count * 2, 1024)
            en += [UInt8](repeating: 0, count: size - en.count)
            zh += [UInt8](repeating: 0, count: size - zh.count)
        }
        en[index] = UInt8(min(255, max(0, enCount)))
        zh[index] = UInt8(min(255, max(0, zhCount)))
        maxID = max(maxID, id)
    }

    /// The counts of one language.
    public func counts(_ language: Language) -> [UInt8] { language == .en ? en : zh }
}
