import Foundation
import TMText

/// A number, amount, percentage or date as written in a sentence, with where
/// it is and how it was written, so that a repair can write a new value the
/// same way. `Quantity` is its value alone.
public struct ValueMention: Sendable, Equatable {
    public var kind: Quantity.Kind
    /// Exact value: the number times its scale ("$1.3 billion" is 1 300 000 000);
    /// dates as yyyymmdd (year 0 when not written), months as yyyymm.
    public var value: Decimal
    public var range: Range<String.Index>
    public var text: String
    /// An English currency sign ("$", "US$"); Chinese writes the currency as a word after the span.
    public var currency: String?
    /// The Chinese magnitude written after the digits ("亿", "萬"), if any.
    public var unit: String?
    public var percentSign: String?
    /// Digits grouped by thousands ("2,500"), and with which separator.
    public var separator: Character?
    public var integerDigits: Int
    public var fullWidth: Bool
    /// Which parts of a date are written, and the Chinese day mark (日 or 号).
    public var hasYear = false, hasDay = false
    public var dayMark: String?

    /// Whether an English and a Chinese mention say the same thing.
    public func sameValue(as other: ValueMention) -> Bool {
        kind == other.kind && value == other.value && hasYear == other.hasYear && hasDay == other.hasDay
    }

    var quantity: Quantity {
        Quantity(kind: kind, value: NSDecimalNumber(decimal: value).doubleValue, text: text)
    }
}

/// Finds the values of English and Chinese sentences (one parser for term QA
/// and for repairs). Vague amounts in words ("tens of thousands") are not
/// values; digits inside inline placeholders (⟦1⟧) are not either.
public enum ValueMentions {
    static let monthNumbers: [String: Int] = [
        "January": 1, "Jan": 1, "February": 2, "Feb": 2, "March": 3, "Mar": 3, "April": 4, "Apr": 4, "May": 5,
        "June": 6, "Jun": 6, "July": 7, "Jul": 7, "August": 8, "Aug": 8, "September": 9, "Sep": 9, "Sept": 9,
        "October": 10, "Oct": 10, "November": 11, "Nov": 11, "December": 12, "Dec": 12,
    ]
    static let englishScales: [String: Decimal] = [
        "thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000, "mn": 1_000_000,
        "billion": 1_000_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
        "trillion": 1_000_000_000_000, "tn": 1_000_000_000_000,
    ]
    /// Chinese magnitudes, Simplified and Traditional.
    public static let chineseUnits: [String: Decimal] = [
        "万亿": 1_000_000_000_000, "萬億": 1_000_000_000_000, "亿": 100_000_000, "億": 100_000_000,
        "千万": 10_000_000, "千萬": 10_000_000, "百万": 1_000_000, "百萬": 1_000_000, "万": 10_000, "萬": 10_000, "千": 1_000,
    ]

    // Month names are capitalized: "may" and "march" are also verbs. A month
    // alone must be a full name other than May.
    private static let names = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
    private static let englishDates: [(NSRegularExpression, month: Int, day: Int?, year: Int?)] = [
        (try! NSRegularExpression(pattern: "\\b(\(names))\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b"), 1, 2, 3),
        (try! NSRegularExpression(pattern: "\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(\(names))\\.?,?\\s+(\\d{4})\\b"), 2, 1, 3),
        (try! NSRegularExpression(pattern: "\\b(\(names))\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!,?\\s*\\d)"), 1, 2, nil),
        (try! NSRegularExpression(pattern: "\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(\(names))\\b\\.?"), 2, 1, nil),
        (try! NSRegularExpression(pattern: "\\b(January|February|March|April|May|June|July|August|September|October|November|December),?\\s+(\\d{4})\\b"), 1, nil, 2),
        (try! NSRegularExpression(pattern: "\\b(January|February|March|April|June|July|August|September|October|November|December)\\b"), 1, nil, nil),
    ]
    private static let englishNumber = try! NSRegularExpression(
        pattern: "(US\\$|HK\\$|A\\$|C\\$|S\\$|[$€£¥])?(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?(?:\\s*(%|percent\\b|per cent\\b))?(?:\\s*(thousand|million|billion|trillion|bn|mn|tn|k|m|b)\\b)?",
        options: [.caseInsensitive])

    private static let digit = "[0-9０-９]"
    private static let chineseDates: [(NSRegularExpression, year: Int?, month: Int, day: Int?)] = [
        (try! NSRegularExpression(pattern: "(\(digit){4})年(\(digit){1,2})月(\(digit){1,2})([日号號])"), 1, 2, 3),
        (try! NSRegularExpression(pattern: "(?<!\(digit))(\(digit){1,2})月(\(digit){1,2})([日号號])"), nil, 1, 2),
        (try! NSRegularExpression(pattern: "(\(digit){4})年(\(digit){1,2})月(?!\(digit))"), 1, 2, nil),
        (try! NSRegularExpression(pattern: "(?<!\(digit))(\(digit){1,2})月(?!\(digit))"), nil, 1, nil),
    ]
    private static let chineseNumber = try! NSRegularExpression(
        pattern: "(\(digit){1,3}(?:[,，]\(digit){3})+|\(digit)+)([.．]\(digit)+)?\\s*(?:([%％])|(万亿|萬億|亿|億|千万|千萬|百万|百萬|万|萬|千))?")

    public static func english(_ text: String) -> [ValueMention] {
        let ns = text as NSString
        let whole = NSRange(location: 0, length: ns.length)
        var found: [ValueMention] = []
        var taken = placeholderRanges(ns)
        func group(_ m: NSTextCheckingResult, _ k: Int?) -> String? { capture(m, k, in: ns) }
        var dates: [(NSTextCheckingResult, Int, Int?, Int?)] = []
        for (pattern, month, day, year) in englishDates {
            for m in pattern.matches(in: text, range: whole) {
                guard let name = group(m, month), let monthNumber = monthNumbers[name] else { continue }
                dates.append((m, monthNumber, group(m, day).flatMap { Int($0) }, group(m, year).flatMap { Int($0) }))
            }
        }
        // Earliest, then longest, not overlapping.
        dates.sort { $0.0.range.location != $1.0.range.location ? $0.0.range.location < $1.0.range.location : $0.0.range.length > $1.0.range.length }
        for (m, month, day, year) in dates where !overlaps(m.range, taken) {
            guard let range = Range(m.range, in: text), (day ?? 1) >= 1, (day ?? 1) <= 31 else { continue }
            taken.append(m.range)
            found.append(date(year: year, month: month, day: day, dayMark: nil, range: range, text: text, fullWidth: false))
        }
        for m in englishNumber.matches(in: text, range: whole) where !overlaps(m.range, taken) {
            guard let range = Range(m.range, in: text), let integer = group(m, 2) else { continue }
            let fraction = group(m, 3) ?? ""
            guard var value = Decimal(string: integer.replacingOccurrences(of: ",", with: "") + fraction, locale: Locale(identifier: "en_US_POSIX")) else { continue }
            let currency = group(m, 1)
            if let word = group(m, 5)?.lowercased(), let scale = englishScales[word] {
                // A bare "m" or "b" counts only after a currency sign ("$5m"), not in "5 m".
                if word.count > 1 || currency != nil { value *= scale }
            }
            var mention = ValueMention(kind: group(m, 4) != nil ? .percent : .number, value: value, range: range,
                                       text: String(text[range]).trimmingCharacters(in: .whitespaces), currency: currency,
                                       separator: integer.contains(",") ? "," : nil, integerDigits: integer.filter(\.isNumber).count,
                                       fullWidth: false)
            if let sign = group(m, 4) { mention.percentSign = sign }
            found.append(mention)
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    public static func chinese(_ text: String) -> [ValueMention] {
        let ns = text as NSString
        let whole = NSRange(location: 0, length: ns.length)
        var found: [ValueMention] = []
        var taken = placeholderRanges(ns)
        func group(_ m: NSTextCheckingResult, _ k: Int?) -> String? { capture(m, k, in: ns) }
        for (pattern, year, month, day) in chineseDates {
            for m in pattern.matches(in: text, range: whole) where !overlaps(m.range, taken) {
                guard let range = Range(m.range, in: text), let monthText = group(m, month),
                      let monthNumber = Int(MatchNormalizer.nfkc(monthText)), (1...12).contains(monthNumber) else { continue }
                let dayNumber = group(m, day).flatMap { Int(MatchNormalizer.nfkc($0)) }
                if let dayNumber, !(1...31).contains(dayNumber) { continue }
                taken.append(m.range)
                found.append(date(year: group(m, year).flatMap { Int(MatchNormalizer.nfkc($0)) }, month: monthNumber, day: dayNumber,
                                  dayMark: day.flatMap { group(m, $0 + 1) }, range: range, text: text,
                                  fullWidth: monthText.unicodeScalars.contains { $0.value >= 0xFF10 }))
            }
        }
        for m in chineseNumber.matches(in: text, range: whole) where !overlaps(m.range, taken) {
            guard let range = Range(m.range, in: text), let integer = group(m, 1) else { continue }
            let plain = MatchNormalizer.nfkc(integer).replacingOccurrences(of: ",", with: "")
            let fraction = group(m, 2).map { "." + MatchNormalizer.nfkc(String($0.dropFirst())) } ?? ""
            guard var value = Decimal(string: plain + fraction, locale: Locale(identifier: "en_US_POSIX")) else { continue }
            let unit = group(m, 4)
            if let unit, let scale = chineseUnits[unit] { value *= scale }
            let separator = integer.first { $0 == "," || $0 == "，" }
            found.append(ValueMention(kind: group(m, 3) != nil ? .percent : .number, value: value, range: range, text: String(text[range]),
                                      unit: unit, percentSign: group(m, 3), separator: separator,
                                      integerDigits: plain.count, fullWidth: integer.unicodeScalars.contains { $0.value >= 0xFF10 }))
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    private static func date(year: Int?, month: Int, day: Int?, dayMark: String?, range: Range<String.Index>, text: String, fullWidth: Bool) -> ValueMention {
        let kind: Quantity.Kind = day == nil ? .month : .date
        let value = day.map { (year ?? 0) * 10000 + month * 100 + $0 } ?? ((year ?? 0) * 100 + month)
        var mention = ValueMention(kind: kind, value: Decimal(value), range: range, text: String(text[range]), integerDigits: 0, fullWidth: fullWidth)
        mention.hasYear = year != nil
        mention.hasDay = day != nil
        mention.dayMark = dayMark
        return mention
    }

    private static func capture(_ m: NSTextCheckingResult, _ k: Int?, in ns: NSString) -> String? {
        guard let k, m.range(at: k).location != NSNotFound else { return nil }
        return ns.substring(with: m.range(at: k))
    }

    private static func overlaps(_ r: NSRange, _ taken: [NSRange]) -> Bool {
        taken.contains { NSIntersectionRange($0, r).length > 0 }
    }

    private static let placeholder = try! NSRegularExpression(pattern: "⟦/?\\d+⟧")
    private static func placeholderRanges(_ ns: NSString) -> [NSRange] {
        placeholder.matches(in: ns as String, range: NSRange(location: 0, length: ns.length)).map(\.range)
    }
}
