import Foundation
import TMText

/// A number in a sentence, reduced to a value that English and Chinese
/// writings of it share: "$5 billion" and "50亿美元" are both 5 000 000 000;
/// "April 21, 2026" and "2026年4月21日" are both the date 2026-04-21;
/// "March" and "3月" are both the month 3.
public struct Quantity: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case number, percent, date, month }
    public var kind: Kind
    public var value: Double
    /// The text it was read from.
    public var text: String

    func sameValue(as other: Quantity) -> Bool {
        kind == other.kind && abs(value - other.value) <= max(1e-9, abs(value) * 1e-9)
    }
}

/// The quantities of English and Chinese sentences (see `ValueMentions`).
public enum Quantities {
    public static func english(_ text: String) -> [Quantity] { ValueMentions.english(text).map(\.quantity) }

    public static func chinese(_ text: String) -> [Quantity] { ValueMentions.chinese(text).map(\.quantity) }

    /// Quantities of `a` with no counterpart in `b` (each counterpart used once).
    public static func unmatched(_ a: [Quantity], in b: [Quantity]) -> [Quantity] {
        var pool = b
        var result: [Quantity] = []
        for q in a {
            if let k = pool.firstIndex(where: { $0.sameValue(as: q) }) { pool.remove(at: k) } else { result.append(q) }
        }
        return result
    }
}
