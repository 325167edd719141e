import Foundation
import TMMemory

/// Changes and imports in words, as `tmkit history` and `tmkit imports` print them.
public enum ChangeReport {
    static let time: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter
    }()

    /// A change's heading line, then a line per unit shown.
    public static func lines(_ change: MemoryChange) -> [String] {
        var head = "change \(change.id)  \(change.kind.rawValue)  \(time.string(from: change.at)) UTC  \(change.user)  (\(change.command))"
        if let importID = change.importID { head += "  import \(importID)" }
        if let of = change.revertOf { head += "  reverts change \(of)" }
        if let by = change.revertedBy { head += "  [reverted by change \(by)]" }
        var lines = [head]
        for unit in change.units { lines += describe(unit).map { "  " + $0 } }
        if change.totalUnits > change.units.count {
            lines.append("  … \(change.totalUnits - change.units.count) more units")
        }
        return lines
    }

    /// One unit's part in a change.
    public static func describe(_ unit: UnitChange) -> [String] {
        switch (unit.before, unit.after) {
        case (nil, let after?):
            return ["unit \(unit.unitID) added: \(after.en) | \(after.zh)"]
        case (let before?, nil):
            return ["unit \(unit.unitID) removed: \(before.en) | \(before.zh)"]
        case (let before?, let after?):
            var lines: [String] = []
            if before.en != after.en { lines.append("unit \(unit.unitID) en: \(before.en) → \(after.en)") }
            if before.zh != after.zh { lines.append("unit \(unit.unitID) zh: \(before.zh) → \(after.zh)") }
            if lines.isEmpty { lines.append("unit \(unit.unitID): provenance changed (\(after.en) | \(after.zh))") }
            return lines
        case (nil, nil):
            return []
        }
    }

    /// One import as a table row.
    public static func line(_ record: ImportRecord) -> String {
        var line = "\(record.id)\t\(time.string(from: record.importedAt))\t\(record.user ?? "-")\t\(record.format)\t\(record.fileName)"
            + "\tadded \(record.added), now \(record.unitsNow)"
        if let undone = record.undoneAt { line += "\tundone \(time.string(from: undone)) by \(record.undoneBy ?? "-")" }
        return line
    }
}
