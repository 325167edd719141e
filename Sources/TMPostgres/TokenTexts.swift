import Logging
import PostgresNIO
import TMMemory

/// Token texts gathered during an import (or a migration), each token once,
/// written to `terms` at the end; tokens the memory already knows are skipped
/// by the server (ON CONFLICT).
struct TokenTexts {
    private var seen = [Set<UInt64>(), Set<UInt64>()]
    private var langs: [Int16] = [], hashes: [Int64] = [], texts: [String] = []

    /// Every token of a normalized text (0 English, 1 Chinese).
    mutating func add(lang: Int, _ text: MatchText) {
        var tokens: [String]?
        for (k, hash) in text.hashes.enumerated() where !seen[lang].contains(hash) {
            if tokens == nil { tokens = text.tokens }
            add(lang: lang, hash: hash, text: tokens![k])
        }
    }

    mutating func add(lang: Int, hash: UInt64, text: String) {
        guard seen[lang].insert(hash).inserted else { return }
        langs.append(Int16(lang))
        hashes.append(Int64(bitPattern: hash))
        texts.append(text)
    }

    func store(_ connection: PostgresConnection, _ logger: Logger) throws {
        for start in stride(from: 0, to: hashes.count, by: 5_000) {
            let end = min(start + 5_000, hashes.count)
            try connection.query("""
                INSERT INTO terms(lang, hash, text)
                SELECT * FROM unnest(\(Array(langs[start..<end]))::int2[], \(Array(hashes[start..<end]))::int8[], \(Array(texts[start..<end]))::text[])
                ON CONFLICT DO NOTHING
                """, logger: logger).wait()
        }
    }
}
