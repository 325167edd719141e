import Crypto
import Foundation
import TMMemory

/// Adds a pair a person typed (origin `manual`) as an import of its own, so
/// it carries the same provenance as imported units. The same pair added
/// twice is stored once.
public enum ManualEntry {
    public static func add(en: String, zh: String, document: String? = nil, user: String? = nil,
                           to store: any TranslationMemoryStore) throws -> ImportSummary {
        let en = en.trimmingCharacters(in: .whitespacesAndNewlines), zh = zh.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !en.isEmpty else { throw InvalidInput("the English side (en) is empty") }
        guard !zh.isEmpty else { throw InvalidInput("the Chinese side (zh) is empty") }
        let digest = SHA256.hash(data: Data("manual\u{0}\(document ?? "")\u{0}\(en)\u{0}\(zh)".utf8))
        let source = ImportSource(fileName: "manual", format: "manual", sha256: digest.map { String(format: "%02x", $0) }.joined(),
                                  documentName: document ?? "manual", user: user)
        var summary = try store.importUnits(from: source) { sink in
            try sink.add(TranslationUnit(en: en, zh: zh, origin: .manual, user: user))
        }
        // Added before in the same words: nothing new, and the caller hears it as a duplicate.
        if summary.alreadyImported { summary.duplicates = 1 }
        return summary
    }
}
