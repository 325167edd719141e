import Foundation
import TMMemory

/// The memory's documents (an imported file or article, a job), read from
/// its imports, and the names closest to one that is not there.
public struct DocumentList {
    public struct Entry: Sendable, Codable, Equatable {
        public var name: String
        /// Units filed under the document now.
        public var units: Int
        /// Units its imports read that were stored already (shared with other documents).
        public var shared: Int
        public var imports: Int
        public var formats: [String]
        public var lastImported: Date
    }

    public static func entries(_ store: any TranslationMemoryStore) throws -> [Entry] {
        var byName: [String: Entry] = [:]
        for record in try store.imports() where record.undoneAt == nil {
            let name = record.document ?? record.fileName
            var entry = byName[name] ?? Entry(name: name, units: 0, shared: 0, imports: 0, formats: [], lastImported: record.importedAt)
            entry.units += record.unitsNow
            entry.shared += record.duplicates
            entry.imports += 1
            if !entry.formats.contains(record.format) { entry.formats.append(record.format) }
            entry.lastImported = max(entry.lastImported, record.importedAt)
            byName[name] = entry
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    /// Refuses a document name the memory does not have, naming the nearest ones.
    public static func requireKnown(_ name: String, in store: any TranslationMemoryStore) throws {
        let names = try entries(store).map(\.name)
        guard !names.contains(name) else { return }
        let key = name.lowercased()
        let nearest = names.sorted { distance(key, $0.lowercased()) < distance(key, $1.lowercased()) }.prefix(3)
        throw UnknownDocument(name: name, nearest: Array(nearest))
    }

    /// Edit distance over characters, for suggestions only (document names, subcommands).
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let above = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}

/// A document name the memory does not have.
public struct UnknownDocument: Error, CustomStringConvertible {
    public var name: String
    public var nearest: [String]

    public var description: String {
        "the memory has no document “\(name)”"
            + (nearest.isEmpty ? " (it has no documents)" : "; the closest: \(nearest.joined(separator: ", ")) (tmkit documents lists them all)")
    }
}
