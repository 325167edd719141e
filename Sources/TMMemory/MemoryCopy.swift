import Crypto
import Foundation

/// Copies a whole memory and its glossary into another one, streaming: units
/// are read in id order and written a run at a time (consecutive units of one
/// document, at most `runSize`), each run one import in the target that keeps
/// the units' origin, document, position, dates, user and provenance. A run
/// already copied is recognised by its SHA-256 and skipped, so a copy that
/// stopped half-way completes when run again.
public struct MemoryCopy {
    public let source: any TranslationMemoryStore
    public let target: any MemoryWriter
    /// Names the source in the runs' fingerprints (its location).
    public let sourceName: String
    public var runSize = 20_000

    public init(from source: any TranslationMemoryStore, to target: any MemoryWriter, sourceName: String) {
        self.source = source
        self.target = target
        self.sourceName = sourceName
    }

    public struct Summary: Sendable {
        public var units = 0
        public var added = 0
        public var duplicates = 0
        public var runsSkipped = 0
        public var glossaryEntries = 0
    }

    /// `progress` gets the number of units read so far.
    public func run(progress: ((Int) -> Void)? = nil) throws -> Summary {
        var summary = Summary()
        var run: [ExportedUnit] = []
        func flush() throws {
            guard let first = run.first, let last = run.last else { return }
            let fingerprint = SHA256.hash(data: Data("copy\u{0}\(sourceName)\u{0}\(first.unit.document ?? "")\u{0}\(first.unit.id)\u{0}\(last.unit.id)".utf8))
            let origin = ImportSource(fileName: first.unit.importFile ?? "copy", format: "copy",
                                      sha256: fingerprint.map { String(format: "%02x", $0) }.joined(),
                                      documentName: first.unit.document ?? "copy", user: first.user)
            let units = run
            let result = try target.importUnits(from: origin) { sink in
                for exported in units {
                    let u = exported.unit
                    try sink.add(TranslationUnit(en: u.en, zh: u.zh, origin: u.origin, position: u.position, confidence: u.confidence,
                                                 createdAt: exported.createdAt, changedAt: u.changedAt, user: exported.user,
                                                 provenance: exported.provenance))
                }
            }
            if result.alreadyImported { summary.runsSkipped += 1 }
            summary.added += result.added
            summary.duplicates += result.duplicates
            run.removeAll(keepingCapacity: true)
        }
        try source.forEachUnitForExport(document: nil, since: nil, batchSize: 5_000) { exported in
            if let first = run.first, first.unit.document != exported.unit.document || run.count >= runSize { try flush() }
            run.append(exported)
            summary.units += 1
            if summary.units % 1000 == 0 { progress?(summary.units) }
        }
        try flush()
        let entries = try source.glossaryEntries()
        if !entries.isEmpty { _ = try target.addGlossaryEntries(entries) }
        summary.glossaryEntries = entries.count
        return summary
    }
}

/// An order-independent fingerprint of a memory's content: the number of
/// units and the sum of a 64-bit hash of each English–Chinese pair. Two
/// memories holding the same pairs print the same checksum, whatever their
/// backend or the order the pairs were stored in.
public enum MemoryChecksum {
    public static func compute(_ store: any TranslationMemoryStore) throws -> String {
        var count: UInt64 = 0
        var sum: UInt64 = 0
        try store.forEachUnitForExport(document: nil, since: nil, batchSize: 10_000) { exported in
            count += 1
            sum &+= StableHash.fnv1a(exported.unit.en + "\u{0}" + exported.unit.zh)
        }
        return String(format: "%llu-%016llx", count, sum)
    }
}
