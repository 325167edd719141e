import Foundation
import TMText

/// A number in a sentence, reduced to a value that English and Chinese
/// writings of it share: "$5 billion" and "50亿美元" are both 5 000 000 000;
/// "April 21, 2026" and "2026年4月21日" are both the date 2026-04-21.
public struct Quantity: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case number, percent, date }
    public var kind: Kind
    public var value: Double
    /// The text it was read from.
    public var text: String

    func sameValue(as other: Quantity) -> Bool {
        kind == other.kind && abs(value - other.value) <= max(1e-9, abs(value) * 1e-9)
    }
}

/// Finds the quantities of English and Chinese sentences. Vague amounts in
/// words ("tens of thousands", "hundreds") are not numbers and are ignored.
public enum Quantities {
    private static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]
    private static let englishScales: [String: Double] = [
        "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    ]
    private static let chineseScales: [String: Double] = [
        "万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3,
    ]

    private static let monthNames = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
    private static let englishDate = try! NSRegularExpression(
        pattern: "\\b(\(monthNames))\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b|\\b(\\d{1,2})\\s+(\(monthNames))\\.?,?\\s+(\\d{4})\\b",
        options: [.caseInsensitive])
    private static let englishNumber = try! NSRegularExpression(
        pattern: "([$€£¥])?(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?(?:\\s*(%|percent\\b|per cent\\b))?(?:\\s*(thousand|million|billion|trillion|bn|mn|tn|k|m|b)\\b)?",
        options: [.caseInsensitive])
    private static let chineseDate = try! NSRegularExpression(pattern: "(\\d{4})年(\\d{1,2})月(\\d{1,2})[日号]")
    private static let chineseNumber = try! NSRegularExpression(
        pattern: "(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?\\s*(%|万亿|亿|千万|百万|万|千)?")

    public static func english(_ text: String) -> [Quantity] {
        var found: [Quantity] = []
        var taken: [NSRange] = []
        let ns = text as NSString
        for m in englishDate.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let monthName = m.range(at: 1).location != NSNotFound ? ns.substring(with: m.range(at: 1)) : ns.substring(with: m.range(at: 5))
            let day = Int(ns.substring(with: m.range(at: m.range(at: 2).location != NSNotFound ? 2 : 4))) ?? 0
            let year = Int(ns.substring(with: m.range(at: m.range(at: 3).location != NSNotFound ? 3 : 6))) ?? 0
            guard let month = months[monthName.lowercased()] else { continue }
            found.append(Quantity(kind: .date, value: Double(year * 10000 + month * 100 + day), text: ns.substring(with: m.range)))
            taken.append(m.range)
        }
        for m in englishNumber.matches(in: text, range: NSRange(location: 0, length: ns.length))
        where !taken.contains(where: { NSIntersectionRange($0, m.range).length > 0 }) {
            let digits = ns.substring(with: m.range(at: 2)).replacingOccurrences(of: ",", with: "")
            let fraction = m.range(at: 3).location != NSNotFound ? ns.substring(with: m.range(at: 3)) : ""
            guard var value = Double(digits + fraction) else { continue }
            var kind = Quantity.Kind.number
            if m.range(at: 4).location != NSNotFound { kind = .percent }
            if m.range(at: 5).location != NSNotFound, let scale = englishScales[ns.substring(with: m.range(at: 5)).lowercased()] {
                // A bare "m" or "b" counts only after a currency sign ("$5m"), not in "5 m".
                let word = ns.substring(with: m.range(at: 5)).lowercased()
                if word.count > 1 || m.range(at: 1).location != NSNotFound { value *= scale }
            }
            found.append(Quantity(kind: kind, value: value, text: ns.substring(with: m.range).trimmingCharacters(in: .whitespaces)))
        }
        return found
    }

    public static func chinese(_ text: String) -> [Quantity] {
        // Full-width digits and signs become ASCII first.
        let normalized = MatchNormalizer.nfkc(text)
        let ns = normalized as NSString
        var found: [Quantity] = []
        var taken: [NSRange] = []
        for m in chineseDate.matches(in: normalized, range: NSRange(location: 0, length: ns.length)) {
            let y = Int(ns.substring(with: m.range(at: 1))) ?? 0, mo = Int(ns.substring(with: m.range(at: 2))) ?? 0
            let d = Int(ns.substring(with: m.range(at: 3))) ?? 0
            found.append(Quantity(kind: .date, value: Double(y * 10000 + mo * 100 + d), text: ns.substring(with: m.range)))
            taken.append(m.range)
        }
        for m in chineseNumber.matches(in: normalized, range: NSRange(location: 0, length: ns.length))
        where !taken.contains(where: { NSIntersectionRange($0, m.range).length > 0 }) {
            let digits = ns.substring(with: m.range(at: 1)).replacingOccurrences(of: ",", with: "")
            let fraction = m.range(at: 2).location != NSNotFound ? ns.substring(with: m.range(at: 2)) : ""
            guard var value = Double(digits + fraction) else { continue }
            var kind = Quantity.Kind.number
            if m.range(at: 3).location != NSNotFound {
                let unit = ns.substring(with: m.range(at: 3))
                if unit == "%" { kind = .percent } else { value *= chineseScales[unit] ?? 1 }
            }
            found.append(Quantity(kind: kind, value: value, text: ns.substring(with: m.range)))
        }
        return found
    }

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
