// Glossary benchmark on a release build: load time of a 100,000-entry
// glossary (from its SQLite tables to a ready recognizer) and the time of
// `find` over a 5,000-word English article and a 5,000-character Chinese one.
//
//   swift run -c release GlossaryBenchmark PAIRS.tsv [--entries 100000] [--runs 10]
//
// Entries are built from the vocabulary of the real sentence pairs: English
// words and two- and three-word phrases, each paired with a stretch of the Chinese
// sentence it came from (real words, not real translations: the point is size).
import Foundation
import TMGlossary
import TMMemory
import TMSQLite
import TMText

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("GlossaryBenchmark: \(message)\n".utf8))
    exit(2)
}

func option(_ name: String, _ fallback: Int) -> Int {
    let args = CommandLine.arguments
    if let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) { return v }
    return fallback
}

func ms(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

guard CommandLine.arguments.count > 1, let tsv = try? String(contentsOfFile: CommandLine.arguments[1], encoding: .utf8) else {
    fail("usage: GlossaryBenchmark PAIRS.tsv [--entries 100000] [--runs 10]")
}
let target = option("--entries", 100_000), runs = option("--runs", 10)
var pairs: [(String, String)] = []
for line in tsv.split(separator: "\n").dropFirst() {
    let f = line.split(separator: "\t")
    if f.count >= 2 { pairs.append((String(f[0]), String(f[1]))) }
}

var entries: [GlossaryEntry] = []
var seen = Set<String>()
outer: for (en, zh) in pairs {
    let words = en.split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "-" }).map(String.init).filter { $0.count > 1 }
    let han = Array(zh.unicodeScalars.filter { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
    guard han.count >= 2 else { continue }
    var phrases = words
    for k in 0..<max(0, words.count - 1) { phrases.append(words[k] + " " + words[k + 1]) }
    for k in 0..<max(0, words.count - 2) { phrases.append(words[k] + " " + words[k + 1] + " " + words[k + 2]) }
    for (k, phrase) in phrases.enumerated() where seen.insert(phrase.lowercased()).inserted {
        let start = k % max(1, han.count - 1)
        let length = min(2 + k % 3, han.count - start)
        let rendering = String(String.UnicodeScalarView(han[start..<(start + max(2, length))].prefix(4)))
        entries.append(GlossaryEntry(en: phrase, zh: rendering, status: k % 17 == 0 ? .admitted : .preferred, source: "bench"))
        if entries.count >= target { break outer }
    }
}
guard entries.count >= target else { fail("only \(entries.count) distinct phrases in the pairs") }

let folder = NSTemporaryDirectory() + "tmkit-glossary-bench-\(ProcessInfo.processInfo.processIdentifier)"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }
let path = folder + "/tm.sqlite"
_ = try SQLiteMemory(path: path).replaceGlossary(source: "bench", sha256: "bench", entries: entries)

var loads: [Double] = []
var recognizer: TermRecognizer?
for _ in 0..<3 {
    loads.append(try ms {
        let store = try SQLiteMemory(path: path)
        recognizer = TermRecognizer(entries: try store.glossaryEntries())
    })
}
guard let recognizer else { fail("no recognizer") }

var english = "", chinese = ""
var words = 0, k = 0
while words < 5000 { let s = pairs[k % pairs.count].0; english += s + " "; words += s.split(separator: " ").count; k += 1 }
k = 0
while chinese.unicodeScalars.count < 5000 { chinese += pairs[(k * 7) % pairs.count].1; k += 1 }

var englishTimes: [Double] = [], chineseTimes: [Double] = []
var englishHits = 0, chineseHits = 0
for _ in 0..<runs {
    englishTimes.append(ms { englishHits = recognizer.find(in: english).count })
    chineseTimes.append(ms { chineseHits = recognizer.find(in: chinese).count })
}
print("glossary of \(entries.count) entries built from \(CommandLine.arguments[1]) (English words and two- and three-word phrases with Chinese stretches of their sentences)")
print(String(format: "load (open the memory, read the entries, build the recognizer): median %.0f ms of %d", median(loads), loads.count))
print(String(format: "find over a %d-word English article: median %.2f ms of %d (%d hits); over a %d-character Chinese article: median %.2f ms (%d hits)",
             words, median(englishTimes), runs, englishHits, chinese.unicodeScalars.count, median(chineseTimes), chineseHits))
print(String(format: "result entries=%d load_ms=%.0f find_en_ms=%.2f find_zh_ms=%.2f", entries.count, median(loads), median(englishTimes), median(chineseTimes)))
