import Foundation
import TMText

/// Saving a job's segments, written once over a backend's transaction. A
/// confirmation stores the pair as a unit in the same transaction as the
/// segment's new state (origin `translated`, filed under the job's document
/// at the segment's position, so the next version of the story gets context
/// matches), with a history row; editing a confirmed segment edits that unit
/// through `UnitMaintenance`.
public enum JobMaintenance {
    /// What a save changed: the segment, then the repetitions it filled.
    public struct Saved: Sendable {
        public var job: Int64
        public var segments: [JobSegment]
        public var change: MemoryChange?
    }

    /// Saves segment `n` of a job as a draft or confirms it. `ifVersion`: the
    /// version the writer saw; another save since then is a conflict.
    public static func save(_ tx: any MaintenanceTransaction, job id: Int64, n: Int, zh: String, confirm: Bool,
                            ifVersion: Int64?, by author: ChangeAuthor) throws -> Saved {
        guard let filing = try tx.jobFiling(id) else { throw JobError.unknownJob(id) }
        guard var segment = try tx.jobSegments(id, numbers: [n]).first else { throw JobError.unknownSegment(job: id, n: n) }
        if let ifVersion, ifVersion != segment.version { throw JobError.conflict(current: segment) }
        let text = zh.trimmingCharacters(in: .whitespacesAndNewlines)
        let now = UnitMaintenance.now()
        segment.version += 1
        segment.changedBy = author.user
        segment.changedAt = now
        guard confirm else {
            if text != segment.zh { segment.match = nil }
            segment.zh = text
            segment.status = text.isEmpty ? .new : .draft
            try tx.writeJobSegments(id, [segment])
            return Saved(job: id, segments: [segment], change: nil)
        }
        guard !text.isEmpty else { throw JobError.emptyTranslation(job: id, n: n) }
        let (unitID, change) = try store(segment, zh: text, job: id, filing: filing, tx, by: author)
        if segment.zh != text { segment.match = nil }
        segment.zh = text
        segment.status = .confirmed
        segment.unitID = unitID
        var saved = [segment]
        // Repetitions of the sentence not yet confirmed, and those that took their text from it, follow it.
        for var other in try tx.jobSegments(id, withSource: segment.en) where other.n != n {
            let follows = other.status != .confirmed || (other.match == "repetition" && other.unitID == unitID)
            guard follows, other.zh != text || other.status != .confirmed else { continue }
            other.zh = text
            other.status = .confirmed
            other.match = "repetition"
            other.score = 100
            other.unitID = unitID
            other.version += 1
            other.changedBy = author.user
            other.changedAt = now
            saved.append(other)
        }
        try tx.writeJobSegments(id, saved)
        return Saved(job: id, segments: saved, change: change)
    }

    /// The unit holding the confirmed pair: the segment's own unit edited,
    /// a unit already holding the pair, or a new one.
    static func store(_ segment: JobSegment, zh: String, job: Int64, filing: (importID: Int64, documentID: Int64),
                      _ tx: any MaintenanceTransaction, by author: ChangeAuthor) throws -> (Int64, MemoryChange?) {
        let en = try UnitMaintenance.side(segment.en, unit: segment.unitID ?? 0, language: "English")
        let key = PairKey(en: en, zh: zh)
        if let own = segment.unitID, let stored = try tx.snapshots([own])[own] {
            if stored.zh == zh { return (own, nil) }
            let change = try UnitMaintenance.edit(tx, unit: own, en: nil, zh: zh, ifVersion: nil, by: author)
            // Edited into a pair stored already, the unit merged into its holder.
            return (try tx.unitID(holding: PairKey(en: stored.en, zh: zh)) ?? own, change)
        }
        if let holder = try tx.unitID(holding: key) { return (holder, nil) }
        let id = try tx.reserveUnitIDs(1)[0]
        let now = UnitMaintenance.now()
        var unit = UnitSnapshot(en: en, zh: zh, origin: Origin.translated.rawValue, importID: filing.importID, documentID: filing.documentID,
                                position: segment.n, confidence: nil, createdAt: now, changedAt: now, changedBy: author.user,
                                provenance: nil, version: 0)
        unit.setProvenance(["job": String(job), "segment": String(segment.n), "user": author.user])
        let indexed = IndexedUnit(unit)
        var index = IndexUpdate()
        index.add(id, indexed)
        try tx.write(id, indexed)
        try index.apply(tx)
        try tx.countAdded(1, toImport: filing.importID)
        let change = try tx.record(MemoryChange(id: 0, kind: .translate, at: Date(timeIntervalSince1970: TimeInterval(now)),
                                                user: author.user, command: author.command,
                                                units: [UnitChange(unitID: id, before: nil, after: unit)]))
        return (id, change)
    }
}
