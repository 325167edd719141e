/// What `tmkit check` requires of jobs: each job's segments numbered 1…N
/// without a gap, a status that agrees with its text, and every confirmed
/// segment tied to a unit. (The unit itself may have been deleted or edited
/// since, by the maintenance commands: that is a change, not damage.)
public enum JobInvariants {
    public static func problems(_ rows: any JobRows) throws -> [String] {
        var problems: [String] = []
        for job in try rows.jobRecords() {
            let segments = try rows.jobSegments(job.id, numbers: nil)
            if segments.isEmpty || segments.map(\.n) != Array(1...segments.count) {
                problems.append("job \(job.id): its segments are not numbered 1…\(segments.count)")
            }
            for s in segments {
                switch s.status {
                case .new where !s.zh.isEmpty: problems.append("job \(job.id), segment \(s.n): new, but it has a translation")
                case .confirmed where s.zh.isEmpty || s.unitID == nil:
                    problems.append("job \(job.id), segment \(s.n): confirmed without a translation stored as a unit")
                case .draft where s.zh.isEmpty: problems.append("job \(job.id), segment \(s.n): a draft without text")
                default: break
                }
                if problems.count >= MemoryInvariants.problemsPerKind { return problems }
            }
        }
        return problems
    }
}
