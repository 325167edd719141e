import Foundation
import TMFormats
import TMStore

/// The bundled memory: TMX files committed under `memory/` are imported into
/// the default SQLite memory the first time it is used.
public enum SeedMemory {
    public static let folder = "memory"

    /// Imports `memory/*.tmx` when the memory has never had an import and is the default one.
    public static func importIfEmpty(_ store: any TranslationMemoryStore) throws {
        guard let memory = store as? SQLiteMemory,
              memory.path == MemoryLocation.defaultPath || memory.path.hasSuffix("/" + MemoryLocation.defaultPath),
              try memory.stats().imports == 0 else { return }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() where name.lowercased().hasSuffix(".tmx") {
            let path = (folder as NSString).appendingPathComponent(name)
            let summary = try FileImport(store: memory).importFile(path, format: .tmx)
            FileHandle.standardError.write(Data("tmkit: first use: imported \(summary.added) units from \(path)\n".utf8))
        }
    }
}
