import Foundation
import TMFormats
import TMMemory

/// A workspace's seed: TMX files kept in its `memory/` folder are imported
/// into its memory when that memory is created.
public enum SeedMemory {
    /// Imports the seed when `location` is the memory of the workspace it is in,
    /// and says what was done (for a memory created just now).
    public static func seedNewMemory(_ store: any TranslationMemoryStore, location: String) throws -> String {
        guard let workspace = Workspace.find(from: ((Workspace.absolute(location) as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent),
              workspace.owns(location) else {
            return "created a new, empty memory at \(location) (no seed imported: a seed is imported only into a workspace's own memory/tm.sqlite)"
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: workspace.memoryFolder)) ?? [])
            .filter { $0.lowercased().hasSuffix(".tmx") }.sorted()
        guard !names.isEmpty else {
            return "created the workspace's memory at \(location) (empty: no seed .tmx in \(workspace.memoryFolder))"
        }
        var parts: [String] = []
        for name in names {
            let path = (workspace.memoryFolder as NSString).appendingPathComponent(name)
            let summary = try FileImport(store: store).importFile(path, format: .tmx)
            parts.append("\(summary.added) units from \(Workspace.memoryFolderName)/\(name)")
        }
        return "created the workspace's memory at \(location) and imported the seed: \(parts.joined(separator: ", "))"
    }
}
