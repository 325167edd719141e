// Alignment speed on a release build: 2,000 × 2,000 sentences.
//
//   swift run -c release AlignBenchmark PAIRS.tsv [--lexicon CEDICT] [--sentences 2000] [--runs 3]
//
// The documents are real sentence pairs in order (one sentence a line per
// side), with a few sentences dropped on one side to make the path wander.
import Foundation
import TMAlign

func option(_ name: String, _ fallback: Int) -> Int {
    let args = CommandLine.arguments
    if let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) { return v }
    return fallback
}

let count = option("--sentences", 2000), runs = option("--runs", 3)
var en: [String] = [], zh: [String] = []
if CommandLine.arguments.count > 1, !CommandLine.arguments[1].hasPrefix("--"),
   let tsv = try? String(contentsOfFile: CommandLine.arguments[1], encoding: .utf8) {
    for line in tsv.split(separator: "\n").dropFirst() {
        let f = line.split(separator: "\t")
        guard f.count >= 2 else { continue }
        en.append(String(f[0])); zh.append(String(f[1]))
        if en.count >= count { break }
    }
}
guard en.count >= count else {
    FileHandle.standardError.write(Data("AlignBenchmark: need a pairs file with at least \(count) pairs\n".utf8))
    exit(2)
}
// Drop every 97th Chinese sentence so that the alignment is not a plain diagonal.
let zhSide = zh.enumerated().filter { $0.offset % 97 != 50 }.map(\.element)
var lexicon = BilingualLexicon()
if let i = CommandLine.arguments.firstIndex(of: "--lexicon"), i + 1 < CommandLine.arguments.count {
    try lexicon.addCEDICT(path: CommandLine.arguments[i + 1])
}
let aligner = SentenceAligner(lexicon: lexicon)
var times: [Double] = []
var links = 0
for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    links = aligner.align(en: en, zh: zhSide).count
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let seconds = times.sorted()[times.count / 2]
print(String(format: "aligned %d × %d sentences in %.2f s (median of %d, features and dynamic programming; lexicon: %@), %d links; peak RSS %.0f MiB",
             en.count, zhSide.count, seconds, runs, lexicon.sources.first ?? "none", links, Double(usage.ru_maxrss) / 1024))
print(String(format: "result sentences=%d seconds=%.3f rss_mib=%.0f", en.count, seconds, Double(usage.ru_maxrss) / 1024))
