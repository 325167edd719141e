import Foundation
import TMKit
import TMMemory

/// The server's segment saves, written in batches: saves that arrive while
/// one batch is being written wait and go together in the next transaction
/// (one commit and one index update for all of them), so eight translators
/// confirming at once wait for one write, not for seven. Each save still gets
/// its own answer; a batch that fails as a whole is written again one save at
/// a time, so one bad save cannot fail the others.
final class SaveQueue: @unchecked Sendable {
    typealias Answer = Result<(saved: JobMaintenance.Saved, job: JobRecord), Error>
    private let lock = NSLock()
    private var waiting: [(request: TranslationJobs.SaveRequest, answer: CheckedContinuation<Answer, Never>)] = []
    private var draining = false
    private let shared: ServedMemory

    init(shared: ServedMemory) { self.shared = shared }

    func save(_ request: TranslationJobs.SaveRequest) async -> Answer {
        await withCheckedContinuation { continuation in
            let start = lock.withLock {
                waiting.append((request, continuation))
                defer { draining = true }
                return !draining
            }
            if start { Task { await drain() } }
        }
    }

    private func drain() async {
        let jobs = TranslationJobs(memory: shared.store, recognizer: shared.recognizer)
        while true {
            let batch = lock.withLock {
                let taken = waiting
                waiting = []
                if taken.isEmpty { draining = false }
                return taken
            }
            if batch.isEmpty { return }
            // A batch whose transaction failed was rolled back whole: its saves are written again one by one.
            var answers: [Answer]
            do {
                answers = try await shared.write { SaveQueue.progress(try jobs.save(batch.map(\.request)), jobs) }
            } catch {
                answers = []
                for item in batch {
                    do {
                        answers += try await shared.write { SaveQueue.progress(try jobs.save([item.request]), jobs) }
                    } catch {
                        answers.append(.failure(error))
                    }
                }
            }
            for (item, answer) in zip(batch, answers) { item.answer.resume(returning: answer) }
        }
    }

    /// Each saved segment with its job's progress, read once per job after the
    /// commit (on the writer's own thread: no hop to the readers, busy with lookups).
    private static func progress(_ results: [Result<JobMaintenance.Saved, JobError>], _ jobs: TranslationJobs) -> [Answer] {
        var records: [Int64: Result<JobRecord, Error>] = [:]
        return results.map { result in
            switch result {
            case .failure(let error): return .failure(error)
            case .success(let saved):
                if records[saved.job] == nil { records[saved.job] = Result { try jobs.record(saved.job) } }
                return records[saved.job]!.map { (saved, $0) }
            }
        }
    }
}
