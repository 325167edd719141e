// Translation-memory benchmark on a release build: import rate, fuzzy lookup
// latency, agreement with an exhaustive scorer, and peak memory, at the
// memory sizes given (default 100,000 and 1,000,000 units).
//
//   swift run -c release MemoryBenchmark SHARED_DATA [--sizes 100000,1000000] [--queries 1000] [--exhaustive 200] [--import-runs 3] [--keep DIR]
//
// The import is timed --import-runs times, each into a new file, and the
// median rate is reported (single runs on a busy two-core machine vary by
// about ±10%); the memory of the last run is the one looked up.
//
// --keep DIR keeps each memory in DIR and reuses it on the next run (lookups
// only; the import rate is then not measured).
//
// Memories are built from the real sentence pairs in SHARED_DATA/pairs and
// the 1–1 links of SHARED_DATA/alignment; past their number, units are made
// by joining two random pairs ("A, and b…" / "AB"), the way the peer script
// in shared/bench does, so that every unit is a real-looking sentence.
import Foundation
import TMFormats
import TMKit
import TMMemory
import TMSQLite
import TMTestSupport
import TMText

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("MemoryBenchmark: \(message)\n".utf8))
    exit(2)
}

func option(_ name: String, _ fallback: String) -> String {
    let args = CommandLine.arguments
    if let i = args.firstIndex(of: name), i + 1 < args.count { return args[i + 1] }
    return fallback
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s[min(s.count - 1, Int(Double(s.count) * p))]
}

// MARK: - Real pairs

guard CommandLine.arguments.count > 1, !CommandLine.arguments[1].hasPrefix("--") else {
    fail("usage: MemoryBenchmark SHARED_DATA [--sizes 100000,1000000] [--queries 1000] [--exhaustive 200]")
}
let data = CommandLine.arguments[1]
let sizes = option("--sizes", "100000,1000000").split(separator: ",").compactMap { Int($0) }
let queryCount = Int(option("--queries", "1000")) ?? 1000
let exhaustiveCount = Int(option("--exhaustive", "200")) ?? 200
let importRuns = max(1, Int(option("--import-runs", "3")) ?? 3)

var base: [(en: String, zh: String)] = []
guard let tsv = try? String(contentsOfFile: data + "/pairs/tatoeba-cmn-eng.tsv", encoding: .utf8) else { fail("no pairs under \(data)/pairs") }
for line in tsv.split(separator: "\n").dropFirst() {
    let f = line.split(separator: "\t", omittingEmptySubsequences: false)
    guard f.count >= 2 else { continue }
    base.append((f[0].trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF} ")), f[1].trimmingCharacters(in: .whitespaces)))
}
let tatoebaCount = base.count
let alignDir = data + "/alignment/mac-dev"
for file in (try? FileManager.default.contentsOfDirectory(atPath: alignDir))?.filter({ $0.hasSuffix(".align") }).sorted() ?? [] {
    let stem = alignDir + "/" + file.dropLast(6)
    guard let zh = try? String(contentsOfFile: stem + ".zh", encoding: .utf8).components(separatedBy: "\n"),
          let en = try? String(contentsOfFile: stem + ".en", encoding: .utf8).components(separatedBy: "\n"),
          let links = try? String(contentsOfFile: alignDir + "/" + file, encoding: .utf8) else { continue }
    for link in links.split(separator: "\n") {
        let sides = link.split(separator: ":").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
        guard sides.count == 2, sides[0].count == 1, sides[1].count == 1, sides[0][0] < zh.count, sides[1][0] < en.count else { continue }
        base.append((en[sides[1][0]], zh[sides[0][0]]))
    }
}
var seenPairs = Set<String>()
base = base.filter { $0.en.split(separator: " ").count >= 4 && !$0.zh.isEmpty && seenPairs.insert($0.en + "\t" + $0.zh).inserted }
let vocabulary = Array(Set(base.flatMap { $0.en.split(separator: " ").map(String.init) })).sorted()
let hanVocabulary = Array(Set(base.flatMap { $0.zh.unicodeScalars.filter { $0.value >= 0x4E00 && $0.value <= 0x9FFF }.map { String($0) } })).sorted()
print("base: \(base.count) real pairs (\(tatoebaCount) Tatoeba lines, 1–1 links of the aligned literary documents), 4+ English words each")
print("scaling: past the base, each unit joins two random pairs: \"A, and b…\" in English, \"AB\" in Chinese")

var rng = SeededGenerator(seed: 20261126)
// Held out: sentences never put in the memory, used as queries with no match.
base.shuffle(using: &rng)
let heldOut = Array(base.prefix(600))
let memoryBase = Array(base.dropFirst(600))

/// Generates the memory's n units (deterministically), writes them as TSV to
/// `path` when given, and returns a sample of them for making queries. Units
/// are streamed to the file and deduplicated by hash, so the benchmark's own
/// memory stays small next to the memory it measures.
func generateUnits(_ n: Int, writingTo path: String?, sample sampleSize: Int = 2000) throws -> [(en: String, zh: String)] {
    var r = SeededGenerator(seed: UInt64(n))
    var seen = Set<UInt64>()
    var sample: [(en: String, zh: String)] = []
    var buffer: [UInt8] = Array("en\tzh\n".utf8)
    let handle: FileHandle? = try path.map { p in
        guard FileManager.default.createFile(atPath: p, contents: nil) else { fail("cannot create \(p)") }
        guard let h = FileHandle(forWritingAtPath: p) else { fail("cannot write \(p)") }
        return h
    }
    var count = 0
    var k = 0
    while count < n {
        let pair: (en: String, zh: String)
        if k < memoryBase.count {
            pair = memoryBase[k]
        } else {
            let a = memoryBase.randomElement(using: &r)!, b = memoryBase.randomElement(using: &r)!
            pair = (a.en.trimmingCharacters(in: CharacterSet(charactersIn: ".?!")) + ", and " + b.en.prefix(1).lowercased() + b.en.dropFirst(), a.zh + b.zh)
        }
        k += 1
        guard seen.insert(StableHash.fnv1a(pair.en + "\t" + pair.zh)).inserted else { continue }
        count += 1
        // Reservoir sampling keeps a uniform sample of all units.
        if sample.count < sampleSize {
            sample.append(pair)
        } else {
            let j = Int.random(in: 0..<count, using: &r)
            if j < sampleSize { sample[j] = pair }
        }
        if let handle {
            buffer += pair.en.utf8
            buffer.append(0x09)
            buffer += pair.zh.utf8
            buffer.append(0x0A)
            if buffer.count > 1 << 20 { try handle.write(contentsOf: buffer); buffer.removeAll(keepingCapacity: true) }
        }
    }
    if let handle { try handle.write(contentsOf: buffer); try handle.close() }
    return sample
}

/// One to three word edits (substitute, insert, delete) in English; character edits in Chinese.
func nearMiss(_ text: String, chinese: Bool, _ r: inout SeededGenerator) -> String {
    var tokens = chinese ? text.map(String.init) : text.split(separator: " ").map(String.init)
    for _ in 0..<Int.random(in: 1...3, using: &r) where !tokens.isEmpty {
        let i = Int.random(in: 0..<tokens.count, using: &r)
        let replacement = chinese ? hanVocabulary.randomElement(using: &r)! : vocabulary.randomElement(using: &r)!
        switch Int.random(in: 0..<10, using: &r) {
        case 0..<4: tokens[i] = replacement
        case 4..<7: tokens.insert(replacement, at: i)
        default: if tokens.count > 1 { tokens.remove(at: i) }
        }
    }
    return tokens.joined(separator: chinese ? "" : " ")
}

// MARK: - Maintenance

/// Median milliseconds of `body` over `runs` calls (given the run's index).
func medianMilliseconds(_ runs: Int, _ body: (Int) throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for k in 0..<runs {
        let t = DispatchTime.now().uptimeNanoseconds
        try body(k)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
    }
    return percentile(times, 0.5)
}

/// Lookup p50 over the first `n` queries.
func lookupP50(_ store: SQLiteMemory, _ queries: [(text: String, lang: Language, kind: String)], minScore: Int, n: Int = 500) throws -> Double {
    var latencies: [Double] = []
    for q in queries.prefix(n) {
        let t = DispatchTime.now().uptimeNanoseconds
        _ = try store.lookup(q.text, language: q.lang, minScore: minScore, limit: 5)
        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
    }
    return percentile(latencies, 0.5)
}

/// Edits and deletes of single units, the undo of a 100k-unit import and a
/// find and replace over 10k units, on the memory just measured; lookups and
/// an import timed before and after in the same run.
func maintenance(_ store: SQLiteMemory, size: Int, queries: [(text: String, lang: Language, kind: String)], minScore: Int, folder: String) throws {
    let author = ChangeAuthor(user: "bench", command: "MemoryBenchmark")
    var r = SeededGenerator(seed: 7)
    let lookupBefore = try lookupP50(store, queries, minScore: minScore)
    let maxID = Int64(try store.unitCount())
    var touched = Set<Int64>()
    func freshID() -> Int64 {
        while true { let id = Int64.random(in: 1...maxID, using: &r); if touched.insert(id).inserted { return id } }
    }
    let edit = try medianMilliseconds(50) { k in
        let id = freshID()
        guard let unit = try store.unit(id) else { fail("unit \(id) is missing") }
        if k % 2 == 0 {
            _ = try store.edit(unit: id, zh: unit.zh + "（更正）", by: author)
        } else {
            _ = try store.edit(unit: id, en: "Meanwhile " + unit.en.prefix(1).lowercased() + unit.en.dropFirst(), by: author)
        }
    }
    let delete = try medianMilliseconds(50) { _ in _ = try store.delete(units: [freshID()], by: author) }
    let lookupAfter = try lookupP50(store, queries, minScore: minScore)

    // A second import of 100k new units, then its undo.
    let extra = min(100_000, size / 10)
    let tsvPath = folder + "/extra.tsv"
    var lines = "en\tzh\n"
    var seen = Set<String>()
    while seen.count < extra {
        let a = memoryBase.randomElement(using: &r)!, b = memoryBase.randomElement(using: &r)!
        // One unit in ten says "Later": the find and replace below touches those.
        let joint = seen.count % 10 == 0 ? " Later " : " Then "
        let en = a.en + joint + b.en.prefix(1).lowercased() + b.en.dropFirst()
        guard seen.insert(en).inserted else { continue }
        lines += en + "\t" + a.zh + "然后" + b.zh + "\n"
    }
    try Data(lines.utf8).write(to: URL(fileURLWithPath: tsvPath))
    defer { try? FileManager.default.removeItem(atPath: tsvPath) }
    let checksumBefore = try MemoryChecksum.compute(store)
    var start = Date()
    let summary = try FileImport(store: store).importFile(tsvPath, format: .tsv)
    let importRate = Double(summary.added) / Date().timeIntervalSince(start)
    start = Date()
    let replaced = try store.replace(Replacement(language: .en, find: " Later ", replacement: " Afterwards "),
                                     filter: UnitFilter(importID: summary.importID), apply: true, by: author)
    let replaceSeconds = Date().timeIntervalSince(start)
    guard replaced.planned.count == extra / 10 else { fail("the replacement touched \(replaced.planned.count) units, not \(extra / 10)") }
    let lookupAfterAll = try lookupP50(store, queries, minScore: minScore)
    start = Date()
    // Forced: the units the replacement changed go too.
    let undo = try store.undoImport(summary.importID!, force: true, by: author)
    let undoSeconds = Date().timeIntervalSince(start)
    guard undo.removed == summary.added, try MemoryChecksum.compute(store) == checksumBefore else {
        fail("the undo of import \(summary.importID!) removed \(undo.removed) of \(summary.added) units or left the memory changed")
    }
    print(String(format: "size %d: edit of one unit p50 %.1f ms, delete of one unit p50 %.1f ms (50 each); lookup p50 %.2f ms before them, %.2f ms after, %.2f ms after the import and replacement below; import of %d more units %.0f units/s; find and replace in %d of them %.2f s; undo of that import %.2f s (memory identical after: same checksum)",
                 size, edit, delete, lookupBefore, lookupAfter, lookupAfterAll, extra, importRate, replaced.planned.count, replaceSeconds, undoSeconds))
    print(String(format: "result maintenance size=%d edit_ms=%.2f delete_ms=%.2f lookup_before_ms=%.3f lookup_after_ms=%.3f lookup_after_all_ms=%.3f later_import_units_s=%.0f replace_s=%.3f undo_s=%.3f",
                 size, edit, delete, lookupBefore, lookupAfter, lookupAfterAll, importRate, replaceSeconds, undoSeconds))
}

// MARK: - Runs

for size in sizes {
    let keep = option("--keep", "")
    let folder = keep.isEmpty ? NSTemporaryDirectory() + "tmkit-bench-\(size)-\(ProcessInfo.processInfo.processIdentifier)" : keep
    let dbPath = folder + "/memory-\(size).sqlite"
    if keep.isEmpty { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { if keep.isEmpty { try? FileManager.default.removeItem(atPath: folder) } }
    var importRate: Double?
    // Optional so that a memory is closed before its files are removed: a
    // connection closing later could remove the WAL of the file that follows.
    var store: SQLiteMemory! = try SQLiteMemory(path: dbPath)
    func startOver() throws {
        store = nil
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbPath + suffix) }
        store = try SQLiteMemory(path: dbPath)
    }
    let memoryUnits: [(en: String, zh: String)]
    if try store.unitCount() != size {
        try startOver()
        let tsvPath = folder + "/units.tsv"
        memoryUnits = try generateUnits(size, writingTo: tsvPath)
        var rates: [Double] = []
        for run in 1...importRuns {
            if run > 1 { try startOver() }
            sync()  // earlier writes' write-back is not part of this import
            let start = Date()
            let summary = try FileImport(store: store).importFile(tsvPath, format: .tsv)
            rates.append(Double(size) / Date().timeIntervalSince(start))
            guard summary.added == size else { fail("imported \(summary.added) of \(size) units") }
        }
        try? FileManager.default.removeItem(atPath: tsvPath)
        importRate = rates.sorted()[rates.count / 2]
        print("size \(size): import runs " + rates.map { String(format: "%.0f", $0) }.joined(separator: ", ") + " units/s")
    } else {
        memoryUnits = try generateUnits(size, writingTo: nil)
    }

    var r = SeededGenerator(seed: 99)
    var queries: [(text: String, lang: Language, kind: String)] = []
    for k in 0..<queryCount {
        let chinese = k % 2 == 1
        if k % 4 < 2 {
            let unit = memoryUnits.randomElement(using: &r)!
            queries.append((nearMiss(chinese ? unit.zh : unit.en, chinese: chinese, &r), chinese ? .zh : .en, "near miss"))
        } else {
            let pair = heldOut.randomElement(using: &r)!
            queries.append((chinese ? pair.zh : pair.en, chinese ? .zh : .en, "no match in memory"))
        }
    }
    if !keep.isEmpty {
        // A 1,000-segment English article of the queries, for timing coverage on this memory.
        let article = queries.filter { $0.lang == .en }.prefix(1000).map(\.text).joined(separator: "\n\n") + "\n"
        try Data(article.utf8).write(to: URL(fileURLWithPath: folder + "/article-\(size).txt"))
    }
    let minScore = 50
    // The first lookup of a process loads the memory's token-length table; it is timed on its own.
    let warmStart = DispatchTime.now().uptimeNanoseconds
    _ = try store.lookup(queries[0].text, language: queries[0].lang, minScore: minScore, limit: 5)
    let firstLookup = Double(DispatchTime.now().uptimeNanoseconds - warmStart) / 1e6
    var latencies: [Double] = []
    var tops: [Int] = []
    for q in queries {
        let t = DispatchTime.now().uptimeNanoseconds
        let matches = try store.lookup(q.text, language: q.lang, minScore: minScore, limit: 5)
        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        tops.append(matches.first?.score ?? 0)
    }
    // The same queries through TMKit's match finder (repairs, widened lookups for queries with figures),
    // and fragment recall for those with no match, as `tmkit lookup --fragments` runs them.
    let finder = MatchFinder(memory: store, recognizer: nil)
    var finderLatencies: [Double] = []
    for q in queries {
        let t = DispatchTime.now().uptimeNanoseconds
        _ = try finder.lookup(q.text, language: q.lang, minScore: minScore, limit: 5)
        finderLatencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
    }
    var fragmentLatencies: [Double] = []
    var withFragments = 0
    for (k, q) in queries.enumerated() where tops[k] < minScore && fragmentLatencies.count < 300 {
        let t = DispatchTime.now().uptimeNanoseconds
        let found = try finder.fragments(q.text, language: q.lang)
        fragmentLatencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        if !found.isEmpty { withFragments += 1 }
    }
    let rss = peakRSSMiB()

    // Exhaustive reference: every unit scored against a sample of the queries.
    var exhaustiveTexts: ([MatchText], [MatchText]) = ([], [])
    if exhaustiveCount > 0 { try store.forEachUnit { unit in
        exhaustiveTexts.0.append(MatchText(unit.en))
        exhaustiveTexts.1.append(MatchText(unit.zh))
    } }
    let sample = Array(queries.indices.prefix(exhaustiveCount))
    var agree = 0
    for i in sample {
        let q = MatchText(queries[i].text)
        let all = queries[i].lang == .en ? exhaustiveTexts.0 : exhaustiveTexts.1
        var best = 0
        for u in all { if let s = FuzzyScore.score(q, u, atLeast: max(minScore, best)), s > best { best = s } }
        if best == tops[i] { agree += 1 }
    }
    exhaustiveTexts = ([], [])
    // After the exhaustive reference: maintenance changes the units it compares with.
    if option("--maintenance", "yes") == "yes" {
        try maintenance(store, size: size, queries: queries, minScore: minScore, folder: folder)
    }

    let p50 = percentile(latencies, 0.5), p95 = percentile(latencies, 0.95)
    let agreement = 100 * Double(agree) / Double(max(1, sample.count))
    let importText = importRate.map { String(format: "import %.0f units/s from TSV (median of %d runs)", $0, importRuns) } ?? "memory reused (import not timed)"
    print(String(format: "size %d: %@; first lookup %.0f ms (loads the token-length table), then lookup p50 %.2f ms, p95 %.2f ms (%d queries: near misses and unseen sentences, English and Chinese, min score %d, limit 5); top match equals the exhaustive top in %.1f%% of %d queries; peak RSS %.0f MiB",
                 size, importText, firstLookup, p50, p95, queries.count, minScore, agreement, sample.count, rss))
    print(String(format: "result size=%d import_per_s=%.0f p50_ms=%.3f p95_ms=%.3f agreement_pct=%.1f rss_mib=%.0f", size, importRate ?? 0, p50, p95, agreement, rss))
    let fragmentsP50 = fragmentLatencies.isEmpty ? 0 : percentile(fragmentLatencies, 0.5)
    print(String(format: "size %d: through the match finder lookup p50 %.2f ms (store alone %.2f ms in the same run); fragments of the %d queries without a match p50 %.2f ms, p95 %.2f ms, %d with a phrase found",
                 size, percentile(finderLatencies, 0.5), p50, fragmentLatencies.count, fragmentsP50,
                 fragmentLatencies.isEmpty ? 0 : percentile(fragmentLatencies, 0.95), withFragments))
    print(String(format: "result finder size=%d finder_p50_ms=%.3f store_p50_ms=%.3f fragments_p50_ms=%.3f fragment_queries=%d with_fragments=%d",
                 size, percentile(finderLatencies, 0.5), p50, fragmentsP50, fragmentLatencies.count, withFragments))
}
