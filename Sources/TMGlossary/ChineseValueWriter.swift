import Foundation

/// Writes an English value the way a stored Chinese translation wrote the
/// value it replaces: the same magnitude unit while the number stays
/// readable in it (亿 stays 亿: "$1.3 billion" against "9亿" is "13亿"; a
/// number that would need 10 000 of a unit, or less than one, moves to the
/// next unit), thousands separators kept or dropped as stored, full-width
/// digits and Traditional units kept.
public enum ChineseValueWriter {
    public static func write(_ value: ValueMention, like stored: ValueMention) -> String? {
        switch value.kind {
        case .date, .month: return date(value, like: stored)
        case .number, .percent: return number(value, like: stored)
        }
    }

    private static func number(_ value: ValueMention, like stored: ValueMention) -> String? {
        var unit = stored.unit
        var amount = value.value
        if let current = unit, let scale = ValueMentions.chineseUnits[current] {
            let inUnit = amount / scale
            if inUnit < 1 || inUnit >= 10_000 {
                let traditional = current.contains("萬") || current.contains("億")
                let choices: [(String, Decimal)] = traditional
                    ? [("萬億", 1_000_000_000_000), ("億", 100_000_000), ("萬", 10_000)]
                    : [("万亿", 1_000_000_000_000), ("亿", 100_000_000), ("万", 10_000)]
                unit = choices.first { amount >= $0.1 }?.0
            }
            if let unit, let scale = ValueMentions.chineseUnits[unit] { amount /= scale }
        }
        guard var digits = plain(amount) else { return nil }
        let integerPart = digits.split(separator: ".", maxSplits: 1)[0]
        // Stored "2,500" keeps its separator; stored "2500" drops it; a short
        // stored number tells nothing, so the query's own writing decides.
        let grouped = stored.separator != nil || (stored.integerDigits < 4 && value.separator != nil)
        if grouped && integerPart.count > 3 {
            let separator = stored.separator ?? ","
            var out = ""
            for (k, ch) in integerPart.enumerated() {
                if k > 0 && (integerPart.count - k) % 3 == 0 { out.append(separator) }
                out.append(ch)
            }
            digits = out + digits.dropFirst(integerPart.count)
        }
        if stored.fullWidth { digits = fullWidth(digits) }
        return digits + (unit ?? "") + (stored.percentSign ?? "")
    }

    private static func date(_ value: ValueMention, like stored: ValueMention) -> String? {
        let n = NSDecimalNumber(decimal: value.value).intValue
        var out = ""
        if value.kind == .date {
            let (year, month, day) = (n / 10000, (n / 100) % 100, n % 100)
            if value.hasYear { out += "\(year)年" }
            out += "\(month)月\(day)" + (stored.dayMark ?? "日")
        } else {
            let (year, month) = (n / 100, n % 100)
            if value.hasYear { out += "\(year)年" }
            out += "\(month)月"
        }
        return stored.fullWidth ? fullWidth(out) : out
    }

    /// A decimal in plain digits ("13", "2.54"); nil for what is not a plain amount.
    private static func plain(_ amount: Decimal) -> String? {
        var copy = amount, rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 6, .plain)
        let text = NSDecimalNumber(decimal: rounded).stringValue
        return text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) ? text : nil
    }

    private static func fullWidth(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { c in
            ("0"..."9").contains(c) || c == "," || c == "." ? Unicode.Scalar(c.value + 0xFEE0)! : c
        }))
    }
}
