/// What the segmenter promises about a block: its sentences, in order and
/// not overlapping, together with the gaps between them reproduce the block
/// byte for byte, and every gap (before, between and after the sentences) is
/// white space only. Offsets into a file stay exact because of it.
public enum SegmentationPromise {
    /// Why `ranges` (UTF-8 byte ranges of the sentences of `text`) break the promise; nil when they keep it.
    public static func violation(text: String, ranges: [Range<Int>]) -> String? {
        let bytes = Array(text.utf8)
        var rebuilt: [UInt8] = []
        rebuilt.reserveCapacity(bytes.count)
        var position = 0
        for (k, range) in ranges.enumerated() {
            guard range.lowerBound >= position, range.upperBound <= bytes.count else {
                return "sentence \(k + 1) (\(range)) overlaps the one before or leaves the text (\(bytes.count) bytes)"
            }
            guard !range.isEmpty else { return "sentence \(k + 1) is empty" }
            if let gap = nonSpace(bytes[position..<range.lowerBound]) { return "before sentence \(k + 1): \(gap)" }
            // Trimmed: a sentence neither starts nor ends with white space.
            let sentence = String(decoding: bytes[range], as: UTF8.self)
            if isSpace(sentence.first) || isSpace(sentence.last) {
                return "sentence \(k + 1) starts or ends with white space"
            }
            rebuilt += bytes[position..<range.upperBound]
            position = range.upperBound
        }
        if let gap = nonSpace(bytes[position...]) { return "after the last sentence: \(gap)" }
        rebuilt += bytes[position...]
        return rebuilt == bytes ? nil : "the sentences and gaps do not rebuild the text"
    }

    /// A description of what in a gap is not white space (or cuts a character), if anything.
    private static func nonSpace(_ gap: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: gap, as: UTF8.self)
        guard Array(text.utf8) == Array(gap) else { return "a gap cuts a character in two" }
        if let other = text.first(where: { !$0.isWhitespace }) { return "the gap holds “\(other)”, which is not white space" }
        return nil
    }

    private static func isSpace(_ character: Character?) -> Bool { character?.isWhitespace ?? false }
}
