import Foundation
import Synchronization
import TMMemory

/// What a server may say about the machine it runs on: the memory by its
/// kind and name, never its path or URL. Every answer that describes the
/// memory or the aligner goes through here (or through `DocumentAligner.publicScorerDescription`),
/// so that a new route cannot name a path by accident.
public enum PublicDescription {
    /// The memory as clients see it.
    public struct Memory: Codable, Sendable, Equatable {
        /// `sqlite` or `postgresql`.
        public var backend: String
        /// The file's base name, or the database's name.
        public var name: String
    }

    public static func memory(_ location: String) -> Memory {
        if MemoryLocation.isShared(location) {
            let database = URLComponents(string: location).map { ($0.path as NSString).lastPathComponent } ?? ""
            return Memory(backend: "postgresql", name: database.isEmpty ? "postgres" : database)
        }
        return Memory(backend: "sqlite", name: (location as NSString).lastPathComponent)
    }

    /// The memory's figures with its location replaced by its kind and name.
    public struct Stats: Encodable, Sendable {
        public var stats: MemoryStats
        public var memory: Memory

        public init(_ stats: MemoryStats) {
            self.stats = stats
            memory = PublicDescription.memory(stats.location)
        }

        enum Keys: String, CodingKey { case units, documents, imports, languages, unitsByOrigin, bytes, backend, name }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(stats.units, forKey: .units)
            try container.encode(stats.documents, forKey: .documents)
            try container.encode(stats.imports, forKey: .imports)
            try container.encode(stats.languages, forKey: .languages)
            try container.encode(stats.unitsByOrigin, forKey: .unitsByOrigin)
            try container.encode(stats.bytes, forKey: .bytes)
            try container.encode(memory.backend, forKey: .backend)
            try container.encode(memory.name, forKey: .name)
        }
    }
}

extension PublicDescription {
    private static let hidden = Mutex<[String]>([])

    /// Paths (and URLs) of this machine that no answer may carry: the memory's
    /// location and folder, the glossary folder, the home and temporary folders.
    public static func hide(_ paths: [String]) {
        let clean = paths.filter { $0.count > 1 }.flatMap { [$0, ($0 as NSString).standardizingPath] }
        hidden.withLock { list in
            list = Array(Set(list + clean)).sorted { $0.count > $1.count }  // longest first: a folder after the files in it
        }
    }

    /// `text` with every hidden path replaced by "…": for messages that
    /// come from deeper down (a store's error names its file).
    public static func scrub(_ text: String) -> String {
        hidden.withLock { list in
            list.reduce(text) { $0.replacingOccurrences(of: $1, with: "…") }
        }
    }
}
