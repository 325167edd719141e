import FuzzSupport
import TMText

// The segmenter on arbitrary text: ranges must be in order, inside the text,
// non-empty, and never split a UTF-8 sequence.
let segmenter = try! Segmenter()
runFuzzer { bytes in
    let text = String(decoding: bytes, as: UTF8.self)
    let utf8 = Array(text.utf8)
    var last = 0
    for range in segmenter.sentenceRanges(in: text) {
        precondition(range.lowerBound >= last && range.upperBound <= utf8.count && !range.isEmpty, "bad range \(range)")
        for edge in [range.lowerBound, range.upperBound] where edge < utf8.count {
            precondition(utf8[edge] & 0xC0 != 0x80, "a range edge inside a UTF-8 sequence")
        }
        last = range.upperBound
    }
}
