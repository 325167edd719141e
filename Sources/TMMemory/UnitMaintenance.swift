import Foundation

/// The maintenance operations (edit, delete, undo of an import, revert),
/// written once over a backend's `MaintenanceTransaction`. Each keeps the
/// fuzzy index exact (`IndexUpdate`) and records what it did in the history,
/// in the same transaction, so that `tmkit check` passes after it and a
/// revert can put back exactly what it changed.
public enum UnitMaintenance {
    /// What an undo of an import did.
    public struct UndoResult: Sendable {
        public var change: MemoryChange
        /// Units removed with the import.
        public var removed: Int
        /// Units another import also brought: kept, filed under that import.
        public var refiled: Int
        /// Units changed after the import: kept (unless forced).
        public var keptEdited: [Int64]
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// A side as stored: surrounding white space dropped; never empty.
    static func side(_ text: String, unit: Int64, language: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw MaintenanceError.emptySide(unit: unit, language: language) }
        return trimmed
    }

    /// Changes one or both sides of a unit. `ifVersion`: the version the
    /// writer saw; a newer one means someone else changed it (conflict).
    /// Editing a pair into one stored already merges the two: the other unit
    /// stays, and gains this one's imports and provenance.
    public static func edit(_ tx: any MaintenanceTransaction, unit id: Int64, en: String?, zh: String?,
                            ifVersion: Int64?, by author: ChangeAuthor) throws -> MemoryChange {
        guard let before = try tx.snapshots([id])[id] else { throw MaintenanceError.unknownUnit(id) }
        if let ifVersion, ifVersion != before.version {
            throw MaintenanceError.versionConflict(unit: id, expected: ifVersion, current: before.version)
        }
        var after = before
        if let en { after.en = try side(en, unit: id, language: "English") }
        if let zh { after.zh = try side(zh, unit: id, language: "Chinese") }
        guard after.en != before.en || after.zh != before.zh else { throw MaintenanceError.nothingToChange(unit: id) }
        after.version += 1
        after.changedAt = now()
        after.changedBy = author.user
        return try rewrite([(id, before, after)], kind: .edit, by: author, tx)
    }

    /// Writes new states of units (text changes), merging any whose new pair
    /// is stored already into that unit, updates the index and records one change.
    static func rewrite(_ edits: [(id: Int64, before: UnitSnapshot, after: UnitSnapshot)], kind: ChangeKind,
                        by author: ChangeAuthor, _ tx: any MaintenanceTransaction) throws -> MemoryChange {
        var index = IndexUpdate()
        var changes: [UnitChange] = []
        var merged = false
        // Pairs written by this operation, so two edited units meeting on one pair merge too.
        var written: [PairKey: Int64] = [:]
        var survivors: [Int64: (before: UnitSnapshot, after: UnitSnapshot)] = [:]
        // An edit into a pair held by a unit this operation changes later waits
        // for it (a replace may move that unit away first); a second round merges.
        var waiting = Set(edits.map(\.id))
        var order = edits
        var deferred: [(id: Int64, before: UnitSnapshot, after: UnitSnapshot)] = []
        var round = 0
        while !order.isEmpty {
            for edit in order { try apply(edit) }
            order = deferred
            deferred = []
            round += 1
        }
        func apply(_ edit: (id: Int64, before: UnitSnapshot, after: UnitSnapshot)) throws {
            let (id, before, after) = edit
            let key = PairKey(en: after.en, zh: after.zh)
            let holder = try written[key] ?? tx.unitID(holding: key)
            if let holder, holder != id, round == 0, waiting.contains(holder) {
                deferred.append(edit)
                return
            }
            waiting.remove(id)
            if let holder, holder != id {
                // The pair exists: this unit goes, the other keeps both provenances.
                var target: (before: UnitSnapshot, after: UnitSnapshot)
                if let kept = survivors[holder] {
                    target = kept
                } else {
                    guard let stored = try tx.snapshots([holder])[holder] else { throw MaintenanceError.unknownUnit(holder) }
                    target = (stored, stored)
                }
                target.after = mergedInto(target.after, from: before, id: id, by: author)
                survivors[holder] = target
                let gone = IndexedUnit(before)
                index.remove(id, gone)
                try tx.remove([id])
                changes.append(UnitChange(unitID: id, before: before, after: nil))
                merged = true
            } else {
                let indexed = IndexedUnit(after)
                index.change(id, from: before, to: indexed)
                try tx.write(id, indexed)
                written[key] = id
                changes.append(UnitChange(unitID: id, before: before, after: after))
            }
        }
        for (holder, state) in survivors.sorted(by: { $0.key < $1.key }) {
            try tx.write(holder, IndexedUnit(state.after))
            if let k = changes.firstIndex(where: { $0.unitID == holder }) {
                changes[k].after = state.after
            } else {
                changes.append(UnitChange(unitID: holder, before: state.before, after: state.after))
            }
        }
        try index.apply(tx)
        let recorded = MemoryChange(id: 0, kind: merged && kind == .edit ? .merge : kind, at: Date(timeIntervalSince1970: TimeInterval(now())),
                                    user: author.user, command: author.command, units: changes)
        return try tx.record(recorded)
    }

    /// `target` after absorbing unit `id` (`gone`): its imports, and its provenance under `merged-ID`.
    static func mergedInto(_ target: UnitSnapshot, from gone: UnitSnapshot, id: Int64, by author: ChangeAuthor) -> UnitSnapshot {
        var result = target
        var imports = Set(result.alsoImportedBy).union(gone.alsoImportedBy)
        if let other = gone.importID { imports.insert(other) }
        if let own = result.importID { imports.remove(own) }
        result.alsoImportedBy = imports.sorted()
        var fields = result.provenanceFields
        var from = gone.provenanceFields
        from["origin"] = gone.origin
        if let importID = gone.importID { from["import"] = String(importID) }
        if let document = gone.documentID { from["document"] = String(document) }
        if let position = gone.position { from["position"] = String(position) }
        let summary = from.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        fields["merged-\(id)"] = summary
        result.setProvenance(fields)
        result.version += 1
        result.changedAt = now()
        result.changedBy = author.user
        return result
    }

    /// Deletes units (all of them or none: an unknown id changes nothing).
    public static func delete(_ tx: any MaintenanceTransaction, units ids: [Int64], by author: ChangeAuthor,
                              kind: ChangeKind = .delete) throws -> MemoryChange {
        let unique = Array(Set(ids)).sorted()
        let stored = try tx.snapshots(unique)
        if let missing = unique.first(where: { stored[$0] == nil }) { throw MaintenanceError.unknownUnit(missing) }
        var index = IndexUpdate()
        index.remove(unique.map { ($0, stored[$0]!) })
        try tx.remove(unique)
        try index.apply(tx)
        let change = MemoryChange(id: 0, kind: kind, at: Date(timeIntervalSince1970: TimeInterval(now())), user: author.user,
                                  command: author.command, units: unique.map { UnitChange(unitID: $0, before: stored[$0], after: nil) })
        return try tx.record(change)
    }

    /// Removes what an import added: its units that no other import also
    /// brought (those stay, filed under the other import), except units
    /// changed after it, which stay unless `force`. The import is marked
    /// undone; the same file can then be imported again.
    public static func undoImport(_ tx: any MaintenanceTransaction, importID: Int64, force: Bool,
                                  by author: ChangeAuthor) throws -> UndoResult {
        guard let state = try tx.importState(importID) else { throw MaintenanceError.unknownImport(importID) }
        // Forced again, an undone import loses the edited units the first undo kept.
        if state.undone && !force { throw MaintenanceError.importAlreadyUndone(importID) }
        let (filed, alsoBrought) = try tx.unitIDs(importedBy: importID)
        let stored = try tx.snapshots(filed + alsoBrought)
        var index = IndexUpdate()
        var changes: [UnitChange] = []
        var removing: [Int64] = []
        var kept: [Int64] = []
        var refiled = 0
        for id in filed {
            guard let unit = stored[id] else { continue }
            if let other = unit.alsoImportedBy.sorted().first(where: { $0 != importID }),
               let otherState = try tx.importState(other) {
                var after = unit
                after.importID = other
                after.documentID = otherState.documentID
                after.alsoImportedBy.removeAll { $0 == other || $0 == importID }
                try tx.write(id, IndexedUnit(after))
                changes.append(UnitChange(unitID: id, before: unit, after: after))
                refiled += 1
            } else if !force, try changedSinceImport(unit, id, tx) {
                kept.append(id)
            } else {
                removing.append(id)
                changes.append(UnitChange(unitID: id, before: unit, after: nil))
            }
        }
        index.remove(removing.map { ($0, stored[$0]!) })
        for id in alsoBrought {
            guard let unit = stored[id] else { continue }
            var after = unit
            after.alsoImportedBy.removeAll { $0 == importID }
            try tx.write(id, IndexedUnit(after))
            changes.append(UnitChange(unitID: id, before: unit, after: after))
        }
        try tx.remove(removing)
        try index.apply(tx)
        let at = now()
        try tx.setImportUndone(importID, at: at, by: author.user)
        let change = try tx.record(MemoryChange(id: 0, kind: .undoImport, at: Date(timeIntervalSince1970: TimeInterval(at)),
                                                user: author.user, command: author.command, importID: importID, units: changes))
        return UndoResult(change: change, removed: removing.count, refiled: refiled, keptEdited: kept)
    }

    /// Whether a unit's text differs from the text it was imported with
    /// (the first state its history recorded); a reverted edit does not count.
    static func changedSinceImport(_ unit: UnitSnapshot, _ id: Int64, _ tx: any MaintenanceTransaction) throws -> Bool {
        guard unit.version > 0, let first = try tx.firstRecordedState(id) else { return false }
        return first.en != unit.en || first.zh != unit.zh
    }

    /// Puts back what a change removed or altered, when every unit it touched
    /// is still as the change left it; recorded as a change of its own.
    public static func revert(_ tx: any MaintenanceTransaction, change changeID: Int64, by author: ChangeAuthor) throws -> MemoryChange {
        guard let change = try tx.change(changeID) else { throw MaintenanceError.unknownChange(changeID) }
        if let by = change.revertedBy { throw MaintenanceError.alreadyReverted(change: changeID, by: by) }
        let ids = change.units.map(\.unitID)
        let current = try tx.snapshots(ids)
        for entry in change.units {
            switch (entry.after, current[entry.unitID]) {
            case (nil, nil): continue
            case (let after?, let now?) where after.sameContent(as: now): continue
            case (nil, _?):
                throw MaintenanceError.cannotRevert(change: changeID, reason: "unit \(entry.unitID) exists again")
            default:
                throw MaintenanceError.cannotRevert(change: changeID,
                    reason: "unit \(entry.unitID) was changed after it (`tmkit history \(entry.unitID)`); revert the later changes first")
            }
        }
        var index = IndexUpdate()
        var changes: [UnitChange] = []
        let touched = Set(ids)
        // Units removed first: a merge's survivor and the unit it absorbed trade places.
        for entry in change.units.reversed() where entry.before == nil {
            if let unit = current[entry.unitID] {
                index.remove(entry.unitID, IndexedUnit(unit))
                try tx.remove([entry.unitID])
                changes.append(UnitChange(unitID: entry.unitID, before: unit, after: nil))
            }
        }
        for entry in change.units.reversed() {
            guard var restored = entry.before else { continue }
            let key = PairKey(en: restored.en, zh: restored.zh)
            if let holder = try tx.unitID(holding: key), holder != entry.unitID, !touched.contains(holder) {
                throw MaintenanceError.cannotRevert(change: changeID,
                    reason: "unit \(holder) now holds the pair unit \(entry.unitID) had (`tmkit history \(holder)`)")
            }
            let now = current[entry.unitID]
            restored.version = max(restored.version, now?.version ?? 0) + 1
            let indexed = IndexedUnit(restored)
            if let now { index.change(entry.unitID, from: now, to: indexed) } else { index.add(entry.unitID, indexed) }
            try tx.write(entry.unitID, indexed)
            changes.append(UnitChange(unitID: entry.unitID, before: now, after: restored))
        }
        try index.apply(tx)
        if let importID = change.importID {
            // The import's state goes back too: undone after an undo, in force after its revert.
            let undone = try importUndone(after: change, tx)
            try tx.setImportUndone(importID, at: undone ? nil : now(), by: undone ? nil : author.user)
        }
        let recorded = try tx.record(MemoryChange(id: 0, kind: .revert, at: Date(timeIntervalSince1970: TimeInterval(now())),
                                                  user: author.user, command: author.command, importID: change.importID,
                                                  revertOf: changeID, units: changes))
        try tx.setRevertedBy(changeID, recorded.id)
        // Reverting a revert puts the first change back in force.
        if let first = change.revertOf { try tx.setRevertedBy(first, nil) }
        return recorded
    }

    /// Whether a change about an import left it undone.
    static func importUndone(after change: MemoryChange, _ tx: any MaintenanceTransaction) throws -> Bool {
        if change.kind == .undoImport { return true }
        guard change.kind == .revert, let first = change.revertOf, let reverted = try tx.change(first) else { return false }
        return !(try importUndone(after: reverted, tx))
    }
}
