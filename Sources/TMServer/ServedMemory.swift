import Dispatch
import Foundation
import TMGlossary
import TMKit
import TMMemory

/// The memory and glossary one server shares among its clients.
///
/// Store calls block (SQLite through GRDB, PostgreSQL by waiting on its
/// driver), so they run on dispatch queues of their own instead of the
/// server's event loops and task threads: reads in parallel (the store's
/// connection pool serves them), writes one at a time (both stores let one
/// import write at a time anyway), so an import never holds up lookups.
final class ServedMemory: @unchecked Sendable {
    let store: any TranslationMemoryStore
    /// The glossary's folder and whether it is synced on its own (see `GlossaryService`).
    let glossaryService: GlossaryService
    private let lock = NSLock()
    // Guarded by `lock`; replaced whole after the glossary changes.
    private var glossary: (lookup: GlossaryLookup, recognizer: TermRecognizer)

    private let reads = DispatchQueue(label: "tmkit.serve.reads", qos: .userInitiated, attributes: .concurrent)
    private let writes = DispatchQueue(label: "tmkit.serve.writes", qos: .userInitiated)

    init(store: any TranslationMemoryStore, glossary service: GlossaryService) throws {
        self.store = store
        self.glossaryService = service
        glossary = try ServedMemory.loadGlossary(service)
        // The first lookup loads the memory's token-length table (a second or
        // more at a million units): do it now rather than in a client's request.
        _ = try store.lookup("tmkit", language: .en, minScore: 100, limit: 1)
    }

    var glossaryLookup: GlossaryLookup { lock.withLock { glossary.lookup } }
    var recognizer: TermRecognizer { lock.withLock { glossary.recognizer } }

    /// Re-reads the glossary (after a term was added).
    func reloadGlossary() throws {
        let fresh = try ServedMemory.loadGlossary(glossaryService)
        lock.withLock { glossary = fresh }
    }

    private static func loadGlossary(_ service: GlossaryService) throws -> (GlossaryLookup, TermRecognizer) {
        let entries = try service.entries()
        return (GlossaryLookup(entries: entries), TermRecognizer(entries: entries))
    }

    func read<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await run(on: reads, work)
    }

    func write<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await run(on: writes, work)
    }

    private func run<T: Sendable>(on queue: DispatchQueue, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
