import Foundation
import TMFormats
import TMMemory
import TMText

/// Reads a file on another thread and hands its units to `sink` on this one,
/// in batches, so that parsing (and `UnitScreen`'s checks) overlaps with
/// storing. The reader stops when the consuming side fails; errors from
/// either side surface here.
enum BackgroundReading {
    static func read(_ format: UnitFormat, path: String, anyXLIFFState: Bool = false, into sink: any UnitSink) throws {
        let channel = BatchChannel()
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global(qos: .userInitiated).async {
            let producer = BatchingSink(channel)
            do {
                try format.read(path: path, anyXLIFFState: anyXLIFFState, into: producer)
                producer.flush()
                channel.close(error: nil)
            } catch is BatchChannel.Closed {
                channel.close(error: nil)
            } catch {
                channel.close(error: error)
            }
            finished.signal()
        }
        defer {
            channel.cancel()
            finished.wait()
        }
        while let batch = channel.receive() {
            for item in batch {
                switch item {
                case .unit(let unit): try sink.add(unit)
                case .skip(let rejection): sink.reject(rejection)
                }
            }
        }
        if let error = channel.error { throw error }
    }
}

/// A bounded queue of batches between the reading thread and the storing one.
final class BatchChannel: @unchecked Sendable {
    struct Closed: Error {}
    enum Item { case unit(TranslationUnit), skip(Rejection) }

    private let condition = NSCondition()
    // All below guarded by `condition`.
    private var batches: [[Item]] = []
    private var closed = false
    private var cancelled = false
    private var storedError: Error?
    private let capacity = 8

    var error: Error? {
        condition.lock(); defer { condition.unlock() }
        return storedError
    }

    /// Blocks while the queue is full; throws when the consumer has gone.
    func send(_ batch: [Item]) throws {
        condition.lock(); defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw Closed() }
        batches.append(batch)
        condition.broadcast()
    }

    /// The next batch, or nil once the producer has closed and the queue is empty.
    func receive() -> [Item]? {
        condition.lock(); defer { condition.unlock() }
        while batches.isEmpty && !closed { condition.wait() }
        if batches.isEmpty { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    func close(error: Error?) {
        condition.lock(); defer { condition.unlock() }
        closed = true
        storedError = error
        condition.broadcast()
    }

    func cancel() {
        condition.lock(); defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
    }
}

/// The reader's sink on the reading thread: collects units into batches.
private final class BatchingSink: UnitSink {
    private let channel: BatchChannel
    private var batch: [BatchChannel.Item] = []

    init(_ channel: BatchChannel) { self.channel = channel }

    func add(_ unit: TranslationUnit) throws {
        if let problem = UnitScreen.problem(en: unit.en, zh: unit.zh) {
            batch.append(.skip(Rejection(reason: problem, line: unit.line, column: unit.column)))
        } else {
            batch.append(.unit(unit))
        }
        if batch.count >= 1024 { try send() }
    }

    func skip(reason: String) {
        batch.append(.skip(Rejection(reason: reason)))
    }

    func reject(_ rejection: Rejection) {
        batch.append(.skip(rejection))
    }

    func flush() { try? send() }

    private func send() throws {
        guard !batch.isEmpty else { return }
        try channel.send(batch)
        batch.removeAll(keepingCapacity: true)
    }
}
