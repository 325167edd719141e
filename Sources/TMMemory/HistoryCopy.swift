import Foundation

/// Carries a memory's history into another memory after `MemoryCopy` copied
/// its units (another backend, a backup), so `tmkit history` there still
/// shows every change. Unit ids are those of the target: a unit the source
/// still has is found in the target by its pair; a unit the source deleted
/// gets a new id in the target that no unit will take. Unit states keep
/// their text and provenance, with the target's import and document for
/// units it holds (none for deleted ones), so a change whose units are still
/// as it left them can be reverted there too. One transaction; a history
/// copied before (a copy run again) is not copied twice.
public enum HistoryCopy {
    /// Copies the history of `source` into `target`; returns the number of changes copied.
    public static func run(from source: any TranslationMemoryStore, to target: any TranslationMemoryStore) throws -> Int {
        var changes: [MemoryChange] = []
        try source.forEachChange { changes.append($0) }
        guard let first = changes.first else { return 0 }
        // What the source has now, for the units the history names.
        let named = Array(Set(changes.flatMap { $0.units.map(\.unitID) })).sorted()
        var current: [Int64: StoredUnit] = [:]
        for id in named { if let unit = try source.unit(id) { current[id] = unit } }
        return try target.maintain { tx in
            if try tx.hasChange(at: Int64(first.at.timeIntervalSince1970), kind: first.kind, user: first.user, command: first.command) { return 0 }
            var ids: [Int64: Int64] = [:]
            var places: [Int64: (importID: Int64?, documentID: Int64?)] = [:]
            var detached: [Int64] = []
            for id in named {
                guard let unit = current[id], let there = try tx.unitID(holding: PairKey(en: unit.en, zh: unit.zh)),
                      let state = try tx.snapshots([there])[there] else { detached.append(id); continue }
                ids[id] = there
                places[id] = (state.importID, state.documentID)
            }
            for (id, fresh) in zip(detached, try tx.reserveUnitIDs(detached.count)) {
                ids[id] = fresh
                places[id] = (nil, nil)
            }
            func moved(_ snapshot: UnitSnapshot?, _ unit: Int64) -> UnitSnapshot? {
                guard var snapshot else { return nil }
                snapshot.importID = places[unit]?.importID
                snapshot.documentID = places[unit]?.documentID
                snapshot.alsoImportedBy = []
                return snapshot
            }
            var changeIDs: [Int64: Int64] = [:]
            for change in changes {
                var copy = change
                copy.units = change.units.map { UnitChange(unitID: ids[$0.unitID]!, before: moved($0.before, $0.unitID), after: moved($0.after, $0.unitID)) }
                copy.revertOf = change.revertOf.flatMap { changeIDs[$0] }
                copy.revertedBy = nil
                copy.importID = nil
                changeIDs[change.id] = try tx.record(copy).id
            }
            for change in changes { if let by = change.revertedBy, let there = changeIDs[by] { try tx.setRevertedBy(changeIDs[change.id]!, there) } }
            return changes.count
        }
    }
}
