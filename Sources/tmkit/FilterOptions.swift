import ArgumentParser
import Foundation
import TMKit
import TMMemory

/// The filter options of lookup, concordance, export, delete and replace.
struct FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only units of this origin (tmx, tsv, xliff, aligned, manual, translated); repeat for several.", valueName: "origin"))
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

    /// The filter; a bad value is a usage error naming its option.
    func filter() throws -> UnitFilter {
        do {
            return try UnitFilter.parse(origins: origin, document: document, importID: importID, since: since, before: before,
                                        changedBy: changedBy, confidenceBelow: confidenceBelow, confidenceAbove: confidenceAbove,
                                        names: ("--origin", "--since", "--before", "--confidence-below/--confidence-above"))
        } catch let error as FilterInputError {
            throw ValidationError(error.description)
        }
    }

    func validate() throws {
        _ = try filter()
    }
}
