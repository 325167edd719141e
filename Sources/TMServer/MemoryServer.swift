import Foundation
import Hummingbird
import Logging
import NIOCore
import TMKit
import TMMemory

/// `tmkit serve`: one memory and glossary shared over HTTP — the JSON API,
/// its OpenAPI document and the translators' page.
public enum MemoryServer {
    /// Serves until the process is asked to stop (SIGINT or SIGTERM).
    /// `onListening` gets the port actually bound (useful with port 0).
    public static func run(memory: any TranslationMemoryStore, glossary: GlossaryService, options: ServerOptions,
                           onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        var logger = Logger(label: "tmkit.serve")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        raiseOpenFileLimit()
        let router = try makeRouter(memory: memory, glossary: glossary, options: options, logger: logger)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "tmkit"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? options.port) },
            logger: logger)
        try await app.runService()
    }

    /// Every connection holds a file descriptor: allow as many as the system
    /// lets this process have, not the usual soft limit of 1,024.
    private static func raiseOpenFileLimit() {
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }

    static func makeRouter(memory: any TranslationMemoryStore, glossary: GlossaryService, options: ServerOptions, logger: Logger) throws -> Router<BasicRequestContext> {
        let shared = try ServedMemory(store: memory, glossary: glossary)
        // Nothing of this machine's layout goes out in an answer (see `PublicDescription`).
        let location = try memory.stats().location
        let role = URLComponents(string: location)?.user
        PublicDescription.hide([location, (location as NSString).deletingLastPathComponent, glossary.folder ?? "",
                                glossary.folder.map { ($0 as NSString).deletingLastPathComponent } ?? "", role ?? "",
                                NSHomeDirectory(), NSTemporaryDirectory(), FileManager.default.currentDirectoryPath])
        let access = Access(writers: options.writers, readToken: options.readToken)
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: JSONErrors(logger: logger))
        if let origin = options.corsOrigin {
            router.add(middleware: CORSMiddleware(allowOrigin: .custom(origin), allowHeaders: [.contentType, .authorization],
                                                  allowMethods: [.get, .post, .put, .options]))
        }
        APIRoutes(shared: shared, access: access, bodyLimit: options.bodyLimit).add(to: router)
        TranslatorPage(shared: shared, access: access, bodyLimit: options.bodyLimit).add(to: router)
        JobRoutes(shared: shared, access: access, bodyLimit: options.bodyLimit, saves: SaveQueue(shared: shared)).add(to: router)
        let aligner = AlignerOnce {
            let entries = (try? shared.glossaryService.entries()) ?? []
            return try DocumentAligner(aligner: AlignerLexicon.make(memory: memory, glossary: entries, dictionary: nil), choice: EmbedderChoice(),
                                       warn: { logger.notice("\($0)") })
        }
        AlignRoutes(shared: shared, access: access, bodyLimit: options.bodyLimit, drafts: ReviewDrafts(), aligner: aligner).add(to: router)
        return router
    }
}
