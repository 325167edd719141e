import ArgumentParser
import Foundation
import TMKit
import TMMemory
#if SharedMemory
import TMServer
#endif

#if SharedMemory
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Share the memory and glossary over HTTP: a JSON API, /openapi.json and a page for translators at /.",
        discussion: """
            Listens on 127.0.0.1 unless --host says otherwise. Adding units or terms and importing files need the \
            bearer token in --token-file (without one, writes are refused); --read-token-file makes reads need a token too.
            """
    )

    @OptionGroup var options: GlossaryOptions
    @Option(help: "Address to listen on (0.0.0.0 for every interface).") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port).") var port = 8080
    @Option(help: ArgumentHelp("File of the tokens that writes need: NAME TOKEN per line (or one token alone).", valueName: "file")) var tokenFile: String?
    @Option(help: ArgumentHelp("File whose first line is a token that reads need.", valueName: "file")) var readTokenFile: String?
    @Option(help: "Largest request body in megabytes.") var maxBodyMb = 50
    @Option(help: ArgumentHelp("Browser origin allowed to call the API (CORS is off without it).", valueName: "origin")) var corsOrigin: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard maxBodyMb > 0 else { throw ValidationError("--max-body-mb must be positive") }
    }

    func run() async throws {
        var serverOptions = ServerOptions(host: host, port: port, bodyLimit: maxBodyMb * 1024 * 1024, corsOrigin: corsOrigin)
        var opened: (memory: any TranslationMemoryStore, glossary: GlossaryService)?
        try CLIErrors.reporting {
            do {
                serverOptions.writers = try tokenFile.map(WriterToken.read(fromFile:)) ?? []
                serverOptions.readToken = try readTokenFile.map(ServerOptions.token(fromFile:))
            } catch let error as TokenFileError {
                CLIErrors.printError("\(error)")
                throw ExitCode(2)
            }
            let memory = try options.memory.openStore(forWriting: true)
            opened = (memory, try options.memory.glossary(memory, folder: options.glossary))
        }
        guard let (memory, glossary) = opened else { return }
        let host = self.host
        let writes = serverOptions.writers.isEmpty ? "writes off (no --token-file)" : "writes need a token (\(serverOptions.writers.map(\.name).joined(separator: ", ")))"
        try await MemoryServer.run(memory: memory, glossary: glossary, options: serverOptions) { port in
            // Scripts wait for this line (and read the port from it when --port 0).
            FileHandle.standardOutput.write(Data("tmkit serve: listening on http://\(host):\(port)/ (\(writes))\n".utf8))
        }
    }
}
#else
/// This build has no server (see the SharedMemory trait in Package.swift):
/// the command stays, and says how to get a build that has it.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Share the memory and glossary over HTTP (needs a build with the SharedMemory trait)."
    )

    @Argument(parsing: .allUnrecognized) var ignored: [String] = []

    func run() throws {
        CLIErrors.printError("this tmkit was built without tmkit serve (the shared-memory stack); "
                             + "rebuild it with `\(StoreError.sharedMemoryBuild)` and run .build/release/tmkit serve")
        throw ExitCode(2)
    }
}
#endif
