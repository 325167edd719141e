import Foundation

/// Where a unit stands in a document. A pair is stored once, under the first
/// import that brought it; a later document that has the same sentence keeps
/// its place in `unit_sources` (position, block and block kind), so that the
/// document can be exported whole, in its own order.
public struct DocumentPlacement: Sendable, Equatable {
    public var unitID: Int64
    public var position: Int?
    public var block: Int?
    public var kind: String?
    /// Stored under another import (the placement comes from `unit_sources`).
    public var shared: Bool

    public init(unitID: Int64, position: Int?, block: Int? = nil, kind: String? = nil, shared: Bool) {
        self.unitID = unitID
        self.position = position
        self.block = block
        self.kind = kind
        self.shared = shared
    }

    /// The placements in document order (by position, then id; a shared unit
    /// stored before positions were kept comes last), each unit once.
    public static func arranged(_ placements: [DocumentPlacement]) -> [DocumentPlacement] {
        var seen = Set<Int64>()
        return placements
            .sorted { ($0.position ?? Int.max, $0.unitID, $0.shared ? 1 : 0) < ($1.position ?? Int.max, $1.unitID, $1.shared ? 1 : 0) }
            .filter { seen.insert($0.unitID).inserted }
    }

    /// The unit as the document has it: a shared unit takes the document's
    /// name, its position and its block.
    public func place(_ exported: ExportedUnit, in document: String) -> ExportedUnit {
        guard shared else { return exported }
        var placed = exported
        placed.unit.document = document
        placed.unit.position = position
        placed.provenance["block"] = block.map(String.init)
        placed.provenance["kind"] = kind
        return placed
    }

    /// What an import records for a unit it brought again.
    public static func sourceFields(of unit: TranslationUnit, position: Int) -> (position: Int64, block: Int64?, kind: String?) {
        (Int64(unit.position ?? position), unit.provenance["block"].flatMap { Int64($0) }, unit.provenance["kind"])
    }
}
