import Foundation
import TMStore

/// Where the memory lives: `--db PATH`, else the `TMKIT_DB` environment
/// variable, else `memory/tm.sqlite` under the current folder.
public enum MemoryLocation {
    public static let defaultPath = "memory/tm.sqlite"

    public static func resolve(_ explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = environment["TMKIT_DB"], !env.isEmpty { return env }
        return defaultPath
    }

    /// Opens the memory at the resolved location.
    public static func open(_ explicit: String?, readOnly: Bool = false) throws -> SQLiteMemory {
        try SQLiteMemory(path: resolve(explicit), readOnly: readOnly)
    }
}
