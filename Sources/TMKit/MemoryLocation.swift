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

    /// How long to wait for another writer: `TMKIT_BUSY_TIMEOUT` seconds, else the store's default.
    public static func busyTimeout(environment: [String: String] = ProcessInfo.processInfo.environment) -> TimeInterval {
        environment["TMKIT_BUSY_TIMEOUT"].flatMap(TimeInterval.init).map { max(0, $0) } ?? SQLiteMemory.busyTimeout
    }

    /// Opens the memory at the resolved location. `forWriting`: the memory
    /// must pass the quick check first, so that damage is not written over.
    public static func open(_ explicit: String?, readOnly: Bool = false, forWriting: Bool = false) throws -> SQLiteMemory {
        let path = resolve(explicit)
        let memory = try SQLiteMemory(path: path, readOnly: readOnly, busyTimeout: busyTimeout())
        if forWriting {
            let report = try memory.check(quick: true)
            if !report.ok { throw StoreError.damaged(path: path, problems: report.problems) }
        }
        return memory
    }
}
