import Foundation

/// A folder that holds a memory (`memory/tm.sqlite`) and its glossary
/// (`glossary/`). Commands find it as git finds `.git`: from the current
/// folder upward, the nearest folder with the marker file `tmkit init`
/// writes, or with a memory in `memory/`. Outside any workspace a command
/// needs `--db` (or `TMKIT_DB`): it never creates a memory where it happens
/// to be run.
public struct Workspace: Sendable, Equatable {
    /// The workspace folder, absolute.
    public let root: String

    public static let markerName = ".tmkit"
    public static let memoryFolderName = "memory"
    public static let memoryFileName = "tm.sqlite"
    public static let glossaryFolderName = "glossary"

    public init(root: String) { self.root = (root as NSString).standardizingPath }

    public var memoryFolder: String { (root as NSString).appendingPathComponent(Workspace.memoryFolderName) }
    public var memoryPath: String { (memoryFolder as NSString).appendingPathComponent(Workspace.memoryFileName) }
    public var glossaryFolder: String { (root as NSString).appendingPathComponent(Workspace.glossaryFolderName) }
    public var markerPath: String { (root as NSString).appendingPathComponent(Workspace.markerName) }

    /// The nearest workspace at or above `folder`.
    public static func find(from folder: String = FileManager.default.currentDirectoryPath) -> Workspace? {
        var current = (absolute(folder) as NSString).standardizingPath
        while true {
            let candidate = Workspace(root: current)
            if candidate.isWorkspace { return candidate }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    /// The marker, or a memory file in `memory/`.
    var isWorkspace: Bool {
        var isDirectory: ObjCBool = false
        let fm = FileManager.default
        if fm.fileExists(atPath: markerPath, isDirectory: &isDirectory), !isDirectory.boolValue { return true }
        return fm.fileExists(atPath: memoryPath, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Whether `location` is this workspace's own memory.
    public func owns(_ location: String) -> Bool {
        (Workspace.absolute(location) as NSString).standardizingPath == memoryPath
    }

    /// Makes `folder` a workspace: the marker, `memory/` and `glossary/`.
    /// The memory itself is created on first use. Refuses a folder that is one already.
    public static func create(at folder: String) throws -> Workspace {
        let workspace = Workspace(root: absolute(folder))
        if workspace.isWorkspace { throw WorkspaceError.alreadyWorkspace(workspace.root) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: workspace.memoryFolder, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: workspace.glossaryFolder, withIntermediateDirectories: true)
        let marker = """
            # A TMKit workspace: commands run in this folder or below it use
            # memory/tm.sqlite and the glossary files in glossary/.

            """
        try Data(marker.utf8).write(to: URL(fileURLWithPath: workspace.markerPath))
        return workspace
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }
}

/// Where the memory or the glossary is, when it cannot be found or used.
public enum WorkspaceError: Error, CustomStringConvertible, Equatable {
    /// No `--db`, no `TMKIT_DB`, and no workspace at or above the folder.
    case noWorkspace(folder: String)
    case alreadyWorkspace(String)
    /// A glossary folder that was named but cannot be read.
    case glossaryFolder(path: String, problem: String)

    public var description: String {
        switch self {
        case .noWorkspace(let folder):
            return "no TMKit workspace in \(folder) or any folder above it, and no memory named; "
                + "run `tmkit init` to make this folder a workspace, or name a memory with --db PATH (or TMKIT_DB)"
        case .alreadyWorkspace(let root):
            return "\(root) is a TMKit workspace already"
        case .glossaryFolder(let path, let problem):
            return "\(path): \(problem); name the glossary folder with --glossary DIR (or TMKIT_GLOSSARY), "
                + "or leave it out to use the glossary stored in the memory"
        }
    }
}
