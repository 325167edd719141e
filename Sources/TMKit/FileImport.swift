import Crypto
import Foundation
import TMFormats
import TMMemory
import TMText

/// Imports bilingual files into a memory: each file is one transaction
/// (a file that cannot be read stores nothing and does not affect the
/// others), and a file imported before (same SHA-256) is not imported again.
/// Units that fail `UnitScreen` or that the reader cannot pair are skipped
/// and listed with their line and column; `strict` refuses the whole file
/// instead.
public struct FileImport {
    public let store: any TranslationMemoryStore
    public var user: String?
    /// Any unit that is not stored refuses the whole file (nothing stored).
    public var strict = false
    /// XLIFF segments in any state with a target are taken, not only translated ones.
    public var anyXLIFFState = false

    public init(store: any TranslationMemoryStore, user: String? = ProcessInfo.processInfo.environment["USER"]) {
        self.store = store
        self.user = user
    }

    /// Imports one file; `progress` is called with the number of units read so far.
    public func importFile(_ path: String, format: UnitFormat, progress: ((Int) -> Void)? = nil) throws -> ImportSummary {
        try ArticleReader.refuseEmpty(path)
        let digest = try FileImport.sha256(path: path)
        let source = ImportSource(fileName: (path as NSString).lastPathComponent, format: format.rawValue, sha256: digest, user: user)
        var rejections: [Rejection] = []
        var summary = try store.importUnits(from: source) { sink in
            let counting = CountingSink(sink, progress: progress)
            try BackgroundReading.read(format, path: path, anyXLIFFState: anyXLIFFState, into: counting)
            rejections = counting.rejections
            if strict && !rejections.isEmpty { throw RejectedUnits(file: path, rejections: rejections) }
        }
        summary.rejections = rejections
        return summary
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

/// Passes units on, keeps the ones not stored and reports how many have been read.
final class CountingSink: UnitSink {
    private let inner: any UnitSink
    private let progress: ((Int) -> Void)?
    private var count = 0
    private(set) var rejections: [Rejection] = []

    init(_ inner: any UnitSink, progress: ((Int) -> Void)?) {
        self.inner = inner
        self.progress = progress
    }

    func add(_ unit: TranslationUnit) throws {
        try inner.add(unit)
        tick()
    }

    func skip(reason: String) {
        reject(Rejection(reason: reason))
    }

    func reject(_ rejection: Rejection) {
        rejections.append(rejection)
        inner.reject(rejection)
        tick()
    }

    private func tick() {
        count += 1
        if count % 1000 == 0 { progress?(count) }
    }
}

/// A strict import refused: every unit that would have been skipped, with where it is.
public struct RejectedUnits: Error, CustomStringConvertible {
    public var file: String
    public var rejections: [Rejection]

    public var description: String {
        (["\(file): \(rejections.count) unit\(rejections.count == 1 ? "" : "s") cannot be stored (--strict refuses the file)"]
            + rejections.map { $0.described(file: file) }).joined(separator: "\n")
    }
}
