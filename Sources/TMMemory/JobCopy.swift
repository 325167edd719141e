import Foundation

/// Carries a memory's jobs into another memory after `MemoryCopy` copied its
/// units (another backend, a backup). Each job gets its own import and
/// document there; a segment's unit is the target's unit holding the same
/// pair. One transaction; a job copied before (same name, document, creation
/// time and author) is not copied twice.
public enum JobCopy {
    /// Copies the jobs of `source` into `target`; returns the number copied.
    public static func run(from source: any TranslationMemoryStore, to target: any TranslationMemoryStore) throws -> Int {
        let jobs = try source.readJobs { rows in try rows.jobRecords().reversed().map { ($0, try rows.jobSegments($0.id, numbers: nil)) } }
        guard !jobs.isEmpty else { return 0 }
        var pairs: [Int64: PairKey] = [:]
        for unitID in Set(jobs.flatMap { $0.1.compactMap(\.unitID) }) {
            if let unit = try source.unit(unitID) { pairs[unitID] = PairKey(en: unit.en, zh: unit.zh) }
        }
        return try target.maintain { tx in
            let there = Set(try tx.jobRecords().map { "\($0.name)\u{0}\($0.documentName)\u{0}\($0.createdAt)\u{0}\($0.createdBy)" })
            var ids: [Int64: Int64] = [:]
            var copied = 0
            for (job, segments) in jobs {
                guard !there.contains("\(job.name)\u{0}\(job.documentName)\u{0}\(job.createdAt)\u{0}\(job.createdBy)") else { continue }
                var moved = segments
                for k in moved.indices {
                    moved[k].unitID = try moved[k].unitID.flatMap { pairs[$0] }.flatMap { try tx.unitID(holding: $0) }
                }
                ids[job.id] = try tx.insertJob(NewJob(name: job.name, documentName: job.documentName, format: job.format,
                                                      createdBy: job.createdBy, previousJob: job.previousJob.flatMap { ids[$0] },
                                                      segments: moved), at: job.createdAt)
                copied += 1
            }
            return copied
        }
    }
}
