import Foundation
import TMMemory

/// Dates as filters take them: a day (YYYY-MM-DD, midnight UTC) or an ISO 8601 time.
public enum FilterDates {
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        if trimmed.count == 10, let date = day.date(from: trimmed) { return date }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: trimmed) { return date }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return full.date(from: trimmed)
    }
}

/// A filter value that cannot be used, named as the user gave it.
public struct FilterInputError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

extension UnitFilter {
    /// A filter from the values a command line or a request gives, with a
    /// clear error for a bad one. `names` are how the caller spells the
    /// conditions (`--since` on the command line, `since` on the API).
    public static func parse(origins: [String], document: String?, importID: Int64?, since: String?, before: String?,
                             changedBy: String?, confidenceBelow: Double?, confidenceAbove: Double?,
                             names: (origin: String, since: String, before: String, confidence: String) = ("origin", "since", "before", "confidence")) throws -> UnitFilter {
        for origin in origins where Origin(rawValue: origin) == nil {
            throw FilterInputError(description: "\(names.origin) \(origin): expected one of \(Origin.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        func date(_ name: String, _ value: String?) throws -> Date? {
            guard let value else { return nil }
            guard let date = FilterDates.parse(value) else { throw FilterInputError(description: "\(name) \(value): expected a date like 2026-04-21") }
            return date
        }
        for value in [confidenceBelow, confidenceAbove] {
            if let value, !value.isFinite { throw FilterInputError(description: "\(names.confidence): give a number") }
        }
        return UnitFilter(origins: origins, document: document, importID: importID, changedSince: try date(names.since, since),
                          changedBefore: try date(names.before, before), changedBy: changedBy,
                          confidenceBelow: confidenceBelow, confidenceAbove: confidenceAbove)
    }
}
