import Foundation
import TMMemory
import TMSQLite

struct ProduceFailure: Error {}

/// Imports pairs into a memory as one import named `name`.
@discardableResult
func load(_ store: SQLiteMemory, _ pairs: [(String, String)], name: String = UUID().uuidString,
          origin: Origin = .tsv) throws -> ImportSummary {
    try store.importUnits(from: ImportSource(fileName: name, format: "tsv", sha256: name)) { sink in
        for (k, pair) in pairs.enumerated() {
            try sink.add(TranslationUnit(en: pair.0, zh: pair.1, origin: origin, position: k))
        }
    }
}

func temporaryDatabase() -> String {
    NSTemporaryDirectory() + "tmkit-store-\(UUID().uuidString)/tm.sqlite"
}
