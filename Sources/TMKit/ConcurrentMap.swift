import Foundation

/// `body` for 0..<count on every core (the memory's connection pool reads in
/// parallel), results in order; the first error is thrown.
func concurrentMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    let box = ResultSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { k in
        box.set(k, Result { try body(k) })
    }
    return try box.all()
}

/// Results written by parallel work, one slot each.
private final class ResultSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ k: Int, _ value: Result<T, Error>) {
        lock.lock(); defer { lock.unlock() }
        slots[k] = value
    }

    func all() throws -> [T] {
        lock.lock(); defer { lock.unlock() }
        return try slots.map { try $0!.get() }
    }
}
