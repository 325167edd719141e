import CICU
import Synchronization

/// An ICU failure: which service could not be opened and ICU's own error name.
public struct ICUError: Error, CustomStringConvertible {
    public let what: String
    public let icuError: String
    public var description: String { "ICU could not open \(what): \(icuError)" }
}

/// A sentence or word break iterator over UTF-8 bytes. Not thread-safe: one per user.
final class BreakIterator {
    enum Kind { case sentence, word }
    private let handle: OpaquePointer

    init(_ kind: Kind, locale: String) throws {
        var err = [CChar](repeating: 0, count: 64)
        let raw = cicu_breaker_open(kind == .sentence ? Int32(CICU_BREAK_SENTENCE) : Int32(CICU_BREAK_WORD), locale, &err, 64)
        guard let raw else {
            throw ICUError(what: "a \(kind) break iterator for \(locale)", icuError: errorName(err))
        }
        handle = raw
    }

    deinit { cicu_breaker_close(handle) }

    /// Calls `body` with every boundary after 0, up to and including the end.
    /// `text` must stay valid during the call.
    func forEachBoundary(in text: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        forEachBoundaryWithStatus(in: text) { p, _ in body(p) }
    }

    /// Like `forEachBoundary`, with ICU's rule status for the segment that ends there.
    func forEachBoundaryWithStatus(in text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int32) -> Void) {
        guard let base = text.baseAddress, text.count > 0 else { return }
        let ok = base.withMemoryRebound(to: CChar.self, capacity: text.count) {
            cicu_breaker_set_utf8(handle, $0, Int64(text.count))
        }
        guard ok == 0 else { return }
        while true {
            let p = cicu_breaker_next(handle)
            if p < 0 { break }
            body(Int(p), cicu_breaker_rule_status(handle))
        }
    }
}

/// Unicode normalization forms offered by ICU.
public enum NormalizationForm: Sendable {
    case nfc, nfkc, nfkcCaseFold

    var code: Int32 {
        switch self {
        case .nfc: return Int32(CICU_NFC)
        case .nfkc: return Int32(CICU_NFKC)
        case .nfkcCaseFold: return Int32(CICU_NFKC_CASEFOLD)
        }
    }
}

enum ICUText {
    static func normalize(_ s: String, form: NormalizationForm) -> String {
        let src = Array(s.utf16)
        if src.isEmpty { return s }
        var capacity = src.count * 2 + 16
        while true {
            var dst = [UInt16](repeating: 0, count: capacity)
            let n = cicu_normalize(form.code, src, Int32(src.count), &dst, Int32(capacity))
            if n < 0 { return s }
            if Int(n) <= capacity { return String(decoding: dst[0..<Int(n)], as: UTF16.self) }
            capacity = Int(n) + 16
        }
    }
}

/// An ICU object owned by a Swift class; only touched under that class's lock.
private struct ICUPointer: @unchecked Sendable { let pointer: OpaquePointer }

/// An ICU transliterator (e.g. "Traditional-Simplified", "Han-Latin").
/// ICU transliterators may keep internal state, so calls are serialized.
public final class Transliterator: Sendable {
    private let handle: Mutex<ICUPointer>

    public init(id: String) throws {
        var err = [CChar](repeating: 0, count: 64)
        guard let raw = cicu_transliterator_open(id, &err, 64) else {
            throw ICUError(what: "transliterator \(id)", icuError: errorName(err))
        }
        handle = Mutex(ICUPointer(pointer: raw))
    }

    deinit { handle.withLock { cicu_transliterator_close($0.pointer) } }

    public func transform(_ s: String) -> String {
        var buf = Array(s.utf16)
        if buf.isEmpty { return s }
        let length = buf.count
        var capacity = length * 2 + 16
        while true {
            buf.reserveCapacity(capacity)
            var work = buf + [UInt16](repeating: 0, count: capacity - buf.count)
            let n = handle.withLock { box in cicu_transliterate(box.pointer, &work, Int32(length), Int32(capacity)) }
            if n < 0 { return s }
            if Int(n) <= capacity { return String(decoding: work[0..<Int(n)], as: UTF16.self) }
            capacity = Int(n) + 16
        }
    }
}

/// ICU collation, e.g. `zh@collation=pinyin` to sort Chinese by pinyin.
public final class Collator: Sendable {
    private let handle: Mutex<ICUPointer>

    public init(locale: String) throws {
        var err = [CChar](repeating: 0, count: 64)
        guard let raw = cicu_collator_open(locale, &err, 64) else {
            throw ICUError(what: "collator \(locale)", icuError: errorName(err))
        }
        handle = Mutex(ICUPointer(pointer: raw))
    }

    deinit { handle.withLock { cicu_collator_close($0.pointer) } }

    public func compare(_ a: String, _ b: String) -> Int {
        let ua = Array(a.utf16), ub = Array(b.utf16)
        return Int(handle.withLock { cicu_collator_compare($0.pointer, ua, Int32(ua.count), ub, Int32(ub.count)) })
    }
}

private func errorName(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
