import Foundation
import TMText

/// Lookup, concordance and export limited by a `UnitFilter`: the memory's
/// own read, then the filter applied to what it returned (asking for more
/// while filtered-out units crowd the results), so every backend filters alike.
extension TranslationMemoryStore {
    /// At most this many results are read before filtering.
    static var filteredReadCeiling: Int { 5_000 }

    public func lookup(_ text: String, language: Language, minScore: Int, limit: Int, filter: UnitFilter) throws -> [Match] {
        guard !filter.isEmpty else { return try lookup(text, language: language, minScore: minScore, limit: limit) }
        return try filtered(limit: limit, filter: filter, id: \.unit.id) { try lookup(text, language: language, minScore: minScore, limit: $0) }
    }

    public func concordance(_ text: String, language: Language?, limit: Int, filter: UnitFilter) throws -> [ConcordanceHit] {
        guard !filter.isEmpty else { return try concordance(text, language: language, limit: limit) }
        return try filtered(limit: limit, filter: filter, id: \.unit.id) { try concordance(text, language: language, limit: $0) }
    }

    private func filtered<T>(limit: Int, filter: UnitFilter, id: KeyPath<T, Int64>, _ read: (Int) throws -> [T]) throws -> [T] {
        var asked = max(limit * 8, 40)
        while true {
            let found = try read(asked)
            let allowed = Set(try unitIDs(matching: filter, containing: nil, among: found.map { $0[keyPath: id] }))
            let kept = found.filter { allowed.contains($0[keyPath: id]) }
            if kept.count >= limit || found.count < asked || asked >= Self.filteredReadCeiling { return Array(kept.prefix(limit)) }
            asked *= 4
        }
    }

    /// The units an export writes, limited by the filter, in id order.
    public func forEachUnitForExport(filter: UnitFilter, _ body: (ExportedUnit) throws -> Void) throws {
        var rest = filter
        rest.document = nil
        rest.changedSince = nil
        guard !rest.isEmpty else {
            return try forEachUnitForExport(document: filter.document, since: filter.changedSince, batchSize: 5_000, body)
        }
        var batch: [ExportedUnit] = []
        func flush() throws {
            let allowed = Set(try unitIDs(matching: filter, containing: nil, among: batch.map(\.unit.id)))
            for unit in batch where allowed.contains(unit.unit.id) { try body(unit) }
            batch.removeAll(keepingCapacity: true)
        }
        // The document and date conditions narrow the read itself.
        try forEachUnitForExport(document: filter.document, since: filter.changedSince, batchSize: 5_000) { unit in
            batch.append(unit)
            if batch.count >= 5_000 { try flush() }
        }
        try flush()
    }
}
