import Crypto
import Foundation
import TMAlign

/// Embeds each distinct text once per run, and, given a file, once across
/// runs: re-aligning an archive, or scoring the aligner again, then costs no
/// embedding at all. The file holds records of (SHA-256 of the model and the
/// text, dimension, floats); a record cut short by a crash is ignored.
public final class CachingEmbedder: SentenceEmbedder, @unchecked Sendable {
    public let base: any SentenceEmbedder
    public let file: String?
    private var known: [Data: [Float]] = [:]
    private let lock = NSLock()
    private static let magic = Data("TMKIT-EMBEDDINGS-1\n".utf8)

    public var description: String { base.description }
    public var publicDescription: String { base.publicDescription }

    public init(_ base: any SentenceEmbedder, file: String? = nil) throws {
        self.base = base
        self.file = file
        if let file, let data = FileManager.default.contents(atPath: file) {
            guard data.starts(with: CachingEmbedder.magic) else {
                throw EmbeddingError("\(file) is not an embedding cache written by TMKit", setting: "--embedding-cache")
            }
            known = CachingEmbedder.records(data.dropFirst(CachingEmbedder.magic.count))
        }
    }

    private func key(_ text: String) -> Data {
        Data(SHA256.hash(data: Data((base.description + "\u{0}" + text).utf8)))
    }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        let keys = texts.map(key)
        var missing: [String] = [], missingKeys: [Data] = []
        lock.withLock {
            var asked = Set<Data>()
            for (k, text) in zip(keys, texts) where known[k] == nil && asked.insert(k).inserted {
                missing.append(text)
                missingKeys.append(k)
            }
        }
        if !missing.isEmpty {
            let vectors = try base.embed(missing)
            lock.withLock { for (k, v) in zip(missingKeys, vectors) { known[k] = v } }
            try append(zip(missingKeys, vectors).map { ($0, $1) })
        }
        return lock.withLock { keys.map { known[$0]! } }
    }

    private func append(_ records: [(Data, [Float])]) throws {
        guard let file else { return }
        if !FileManager.default.fileExists(atPath: file) {
            guard FileManager.default.createFile(atPath: file, contents: CachingEmbedder.magic) else {
                throw EmbeddingError("cannot create the embedding cache \(file)", setting: "--embedding-cache")
            }
        }
        var bytes = Data()
        for (key, vector) in records {
            bytes.append(key)
            var dimension = UInt32(vector.count).littleEndian
            bytes.append(Data(bytes: &dimension, count: 4))
            vector.withUnsafeBufferPointer { bytes.append(Data(buffer: $0)) }
        }
        guard let handle = FileHandle(forWritingAtPath: file) else {
            throw EmbeddingError("cannot write the embedding cache \(file)", setting: "--embedding-cache")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: bytes)
    }

    static func records(_ data: Data) -> [Data: [Float]] {
        var result: [Data: [Float]] = [:]
        let bytes = [UInt8](data)
        var at = 0
        while at + 36 <= bytes.count {
            let key = Data(bytes[at..<(at + 32)])
            let dimension = Int(UInt32(bytes[at + 32]) | UInt32(bytes[at + 33]) << 8 | UInt32(bytes[at + 34]) << 16 | UInt32(bytes[at + 35]) << 24)
            let end = at + 36 + dimension * 4
            guard dimension > 0, end <= bytes.count else { break }
            var vector = [Float](repeating: 0, count: dimension)
            vector.withUnsafeMutableBytes { $0.copyBytes(from: bytes[(at + 36)..<end]) }
            result[key] = vector
            at = end
        }
        return result
    }
}
