import Foundation
import TMFormats
import TMMemory

/// The bundled memory: TMX files committed under `memory/` are imported into
/// the default memory the first time it is used.
public enum SeedMemory {
    public static let folder = "memory"

    /// Imports `memory/*.tmx` when `location` is the default memory and it has never had an import.
    public static func importIfEmpty(_ store: any TranslationMemoryStore, location: String) throws {
        guard location == MemoryLocation.defaultPath || location.hasSuffix("/" + MemoryLocation.defaultPath),
              try store.stats().imports == 0 else { return }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() where name.lowercased().hasSuffix(".tmx") {
            let path = (folder as NSString).appendingPathComponent(name)
            let summary = try FileImport(store: store).importFile(path, format: .tmx)
            FileHandle.standardError.write(Data("tmkit: first use: imported \(summary.added) units from \(path)\n".utf8))
        }
    }
}
