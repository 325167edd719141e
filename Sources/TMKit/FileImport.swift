import Crypto
import Foundation
import TMFormats
import TMMemory
import TMText

/// Imports bilingual files into a memory: each file is one transaction
/// (a bad file stores nothing and does not affect the others), and a file
/// imported before (same SHA-256) is not imported again.
public struct FileImport {
    public let store: any TranslationMemoryStore
    public var user: String?

    public init(store: any TranslationMemoryStore, user: String? = ProcessInfo.processInfo.environment["USER"]) {
        self.store = store
        self.user = user
    }

    /// Imports one file; `progress` is called with the number of units read so far.
    public func importFile(_ path: String, format: UnitFormat, progress: ((Int) -> Void)? = nil) throws -> ImportSummary {
        let digest = try FileImport.sha256(path: path)
        let source = ImportSource(fileName: (path as NSString).lastPathComponent, format: format.rawValue, sha256: digest, user: user)
        return try store.importUnits(from: source) { sink in
            try BackgroundReading.read(format, path: path, into: CountingSink(sink, progress: progress))
        }
    }

    /// Hex SHA-256 of a file, read in chunks.
    public static func sha256(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TextInputError(file: path, line: 0, column: 0, message: "cannot open the file (does it exist, and is it readable?)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// Passes units on and reports how many have been read.
final class CountingSink: UnitSink {
    private let inner: any UnitSink
    private let progress: ((Int) -> Void)?
    private var count = 0

    init(_ inner: any UnitSink, progress: ((Int) -> Void)?) {
        self.inner = inner
        self.progress = progress
    }

    func add(_ unit: TranslationUnit) throws {
        try inner.add(unit)
        tick()
    }

    func skip(reason: String) {
        inner.skip(reason: reason)
        tick()
    }

    private func tick() {
        count += 1
        if count % 1000 == 0 { progress?(count) }
    }
}
