// Segmentation throughput on a release build, against bare ICU sentence
// breaking on the same text in the same run.
//
//   swift run -c release SegmenterBenchmark PAIRS.tsv [--en-mb 20] [--zh-mb 5] [--runs 5]
//
// PAIRS.tsv holds English–Chinese sentence pairs (header `en\tzh`); the
// sentences are grouped into paragraphs of six, separated by blank lines, and
// repeated until the text reaches the requested size.
import CICU
import Foundation
import TMKit
import TMText

struct Options {
    var pairs = ""
    var englishMB = 20.0
    var chineseMB = 5.0
    var runs = 5

    init(_ args: [String]) {
        var i = 1
        while i < args.count {
            switch args[i] {
            case "--en-mb": englishMB = Double(args[i + 1]) ?? englishMB; i += 1
            case "--zh-mb": chineseMB = Double(args[i + 1]) ?? chineseMB; i += 1
            case "--runs": runs = Int(args[i + 1]) ?? runs; i += 1
            default: pairs = args[i]
            }
            i += 1
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("SegmenterBenchmark: \(message)\n".utf8))
    exit(2)
}

func buildText(_ sentences: [String], megabytes: Double, separator: String) -> [UInt8] {
    let target = Int(megabytes * 1_000_000)
    var out: [UInt8] = []
    out.reserveCapacity(target + 4096)
    var k = 0
    while out.count < target {
        for j in 0..<6 {
            if j > 0 { out += separator.utf8 }
            out += sentences[(k + j) % sentences.count].utf8
        }
        out += "\n\n".utf8
        k += 6
    }
    return out
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Bare ICU: one sentence iterator over the whole UTF-8 buffer, as in
/// shared/bench/icu_break_bench.c.
func bareICU(_ text: [UInt8]) -> Int {
    var err = [CChar](repeating: 0, count: 64)
    guard let it = cicu_breaker_open(Int32(CICU_BREAK_SENTENCE), "en", &err, 64) else { fail("ICU did not open") }
    defer { cicu_breaker_close(it) }
    var count = 0
    text.withUnsafeBufferPointer { b in
        b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { _ = cicu_breaker_set_utf8(it, $0, Int64(b.count)) }
        while cicu_breaker_next(it) >= 0 { count += 1 }
    }
    return count
}

/// TMKit's segmenter over the same text, block by block (blocks are the paragraphs).
func segmenter(_ text: [UInt8], _ segmenter: Segmenter) -> Int {
    var count = 0
    text.withUnsafeBufferPointer { b in
        var start = 0
        var i = 0
        while i <= b.count {
            if i == b.count || (b[i] == 0x0A && i + 1 < b.count && b[i + 1] == 0x0A) {
                if i > start { count += segmenter.sentenceRanges(in: UnsafeBufferPointer(rebasing: b[start..<i])).count }
                start = i + 2
                i += 2
                continue
            }
            i += 1
        }
    }
    return count
}

/// The whole `tmkit segment` path: file reader, blocks, segments with text and offsets.
func pipeline(_ path: String) -> Int {
    var count = 0
    do {
        try DocumentSegmentation().forEachSegment(inFile: path) { _ in count += 1 }
    } catch {
        fail("\(error)")
    }
    return count
}

let options = Options(CommandLine.arguments)
guard !options.pairs.isEmpty, let data = FileManager.default.contents(atPath: options.pairs) else {
    fail("usage: SegmenterBenchmark PAIRS.tsv [--en-mb 20] [--zh-mb 5] [--runs 5]")
}
var english: [String] = [], chinese: [String] = []
for line in String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst() {
    let fields = line.split(separator: "\t")
    guard fields.count >= 2 else { continue }
    english.append(String(fields[0]).trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{FEFF}"))))
    chinese.append(String(fields[1]).trimmingCharacters(in: .whitespaces))
}
guard !english.isEmpty else { fail("no pairs in \(options.pairs)") }

print("Segmentation throughput, release build, median of \(options.runs) runs")
print("text: sentences from \(options.pairs), six to a paragraph, repeated to size")
let seg = try Segmenter()
for (lang, sentences, mb, separator) in [("en", english, options.englishMB, " "), ("zh", chinese, options.chineseMB, "")] {
    let text = buildText(sentences, megabytes: mb, separator: separator)
    let path = NSTemporaryDirectory() + "tmkit-bench-\(lang).txt"
    guard FileManager.default.createFile(atPath: path, contents: Data(text)) else { fail("cannot write \(path)") }
    defer { try? FileManager.default.removeItem(atPath: path) }
    let size = Double(text.count) / 1e6
    var icuTimes: [Double] = [], segTimes: [Double] = [], pipeTimes: [Double] = []
    var icuCount = 0, segCount = 0, pipeCount = 0
    for _ in 0..<options.runs {
        icuTimes.append(seconds { icuCount = bareICU(text) })
        segTimes.append(seconds { segCount = segmenter(text, seg) })
        pipeTimes.append(seconds { pipeCount = pipeline(path) })
    }
    let icu = size / median(icuTimes), core = size / median(segTimes), full = size / median(pipeTimes)
    print(String(format: "%@: %.1f MB, bare ICU %.1f MB/s (%d breaks); segmenter %.1f MB/s (%d sentences, %.2f of bare ICU); file to segments %.1f MB/s (%d segments, %.2f of bare ICU)",
                 lang, size, icu, icuCount, core, segCount, core / icu, full, pipeCount, full / icu))
    print(String(format: "result %@ segmenter_mb_s=%.1f ratio_to_icu=%.3f pipeline_mb_s=%.1f", lang, core, core / icu, full))
}
