import ArgumentParser
import Foundation
import TMKit
import TMMemory

/// The filter options of lookup, concordance, export, delete and replace.
struct FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only units of this origin (tmx, tsv, xliff, aligned, manual); repeat for several.", valueName: "origin"))
    var origin: [String] = []

    @Option(help: ArgumentHelp("Only units of this document (an article's or an imported file's name).", valueName: "name"))
    var document: String?

    @Option(name: .customLong("import"), help: ArgumentHelp("Only units this import brought (see `tmkit imports`).", valueName: "id"))
    var importID: Int64?

    @Option(help: ArgumentHelp("Only units changed on or after this day (YYYY-MM-DD, UTC) or time (ISO 8601).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only units changed before this day or time.", valueName: "date"))
    var before: String?

    @Option(name: .customLong("changed-by"), help: ArgumentHelp("Only units last changed (or imported) by this user.", valueName: "name"))
    var changedBy: String?

    @Option(name: .customLong("confidence-below"), help: ArgumentHelp("Only aligned units whose confidence is below this (0–1).", valueName: "value"))
    var confidenceBelow: Double?

    @Option(name: .customLong("confidence-above"), help: ArgumentHelp("Only aligned units whose confidence is above this (0–1).", valueName: "value"))
    var confidenceAbove: Double?

    func validate() throws {
        for name in origin where Origin(rawValue: name) == nil {
            throw ValidationError("--origin \(name): expected one of \(Origin.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for (flag, value) in [("--since", since), ("--before", before)] {
            if let value, FilterDates.parse(value) == nil { throw ValidationError("\(flag) \(value): expected a date like 2026-04-21") }
        }
    }

    var filter: UnitFilter {
        UnitFilter(origins: origin, document: document, importID: importID, changedSince: since.flatMap(FilterDates.parse),
                   changedBefore: before.flatMap(FilterDates.parse), changedBy: changedBy,
                   confidenceBelow: confidenceBelow, confidenceAbove: confidenceAbove)
    }
}
