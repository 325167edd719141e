import TMText

/// A glossary term found in a text.
public struct TermHit: Sendable, Equatable, Codable {
    /// The entry's canonical sides and status.
    public var en: String
    public var zh: String
    public var status: TermStatus
    /// The side of the entry that was found ("en" or "zh").
    public var lang: String
    /// The text as found, and its UTF-8 byte offsets in the searched text.
    public var text: String
    public var start: Int
    public var end: Int
}

/// Finds glossary terms in text, both languages at once.
///
/// English: the text's words are matched against a trie of the terms' words;
/// each text word may stand for any of its base forms (plural, possessive,
/// -ed, -ing), words of a term must follow one another with only spaces
/// between, and the longest term wins ("generative AI" over "AI"). A term
/// word with a capital after its first letter (AWS, iPhone) matches only in
/// that case; other words match in any case. Chinese: terms are matched on
/// normalized characters (so Traditional and full-width text match), longest first.
public final class TermRecognizer: Sendable {
    private let entries: [GlossaryEntry]
    private let english: WordTrie
    private let chinese: CharacterTrie

    public init(entries: [GlossaryEntry]) {
        self.entries = entries
        var words = WordTrie()
        var characters = CharacterTrie()
        for (index, entry) in entries.enumerated() {
            let termWords = TermRecognizer.words(entry.en)
            if !termWords.isEmpty { words.insert(termWords, entry: index) }
            let normalized = Array(MatchNormalizer.normalize(entry.zh).unicodeScalars.map(\.value))
            if !normalized.isEmpty { characters.insert(normalized, entry: index) }
        }
        english = words
        chinese = characters
    }

    public var count: Int { entries.count }

    /// A term's words as the trie keys them: lowercased, or verbatim for case-sensitive words.
    static func words(_ term: String) -> [WordTrie.Key] {
        Tokenizer.tokens(term).map { token in
            let t = token.text
            let caseSensitive = t.dropFirst().contains(where: \.isUppercase)
            return caseSensitive ? .exact(t) : .folded(t.lowercased())
        }
    }

    /// Every term occurrence, in text order, leftmost-longest, not overlapping within a language.
    public func find(in text: String) -> [TermHit] {
        var hits = findEnglish(text)
        hits += findChinese(text)
        return hits.sorted { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
    }

    private func hit(_ entryIndex: Int, lang: String, utf8: [UInt8], bytes: Range<Int>) -> TermHit {
        let entry = entries[entryIndex]
        return TermHit(en: entry.en, zh: entry.zh, status: entry.status, lang: lang,
                       text: String(decoding: utf8[bytes], as: UTF8.self), start: bytes.lowerBound, end: bytes.upperBound)
    }

    // MARK: English

    private func findEnglish(_ text: String) -> [TermHit] {
        var tokens: [(range: Range<Int>, forms: [String])] = []
        var copy = text
        let bytes: [UInt8] = copy.withUTF8 { b in
            Tokenizer.forEachToken(in: b) { range, kind in
                guard kind == .word || kind == .number else { return }
                let word = String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self)
                tokens.append((range, EnglishInflection.baseForms(word)))
            }
            return Array(b)
        }
        var hits: [TermHit] = []
        var i = 0
        while i < tokens.count {
            var best: (end: Int, entries: [Int])?
            // Walk the trie from token i; a text word may take any of its forms.
            var frontier = [english.root]
            var j = i
            while j < tokens.count, !frontier.isEmpty {
                if j > i && !onlySpaces(bytes, tokens[j - 1].range.upperBound, tokens[j].range.lowerBound) { break }
                var next: [Int] = []
                for node in frontier {
                    for form in tokens[j].forms {
                        if let child = english.child(node, .exact(form)) { next.append(child) }
                        if let child = english.child(node, .folded(form.lowercased())) { next.append(child) }
                    }
                }
                frontier = Array(Set(next))
                for node in frontier where !english.entries(node).isEmpty {
                    best = (j, english.entries(node))
                }
                j += 1
            }
            if let best {
                let range = tokens[i].range.lowerBound..<tokens[best.end].range.upperBound
                for e in best.entries { hits.append(hit(e, lang: "en", utf8: bytes, bytes: range)) }
                i = best.end + 1
            } else {
                i += 1
            }
        }
        return hits
    }

    private func onlySpaces(_ b: [UInt8], _ from: Int, _ to: Int) -> Bool {
        guard from < to else { return true }
        return b[from..<to].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0xA0 || $0 == 0xC2 }
    }

    // MARK: Chinese

    private func findChinese(_ text: String) -> [TermHit] {
        // Normalized characters with the UTF-8 offset each came from. The
        // normalization is one character for one (Han, full-width forms, ASCII)
        // except for rare compatibility characters, which are done one by one.
        var scalars: [UInt32] = []
        var offsets: [Int] = []
        var offset = 0
        let original = Array(text.unicodeScalars)
        let whole = Array(MatchNormalizer.normalize(text).unicodeScalars)
        if whole.count == original.count {
            for (s, n) in zip(original, whole) {
                scalars.append(n.value)
                offsets.append(offset)
                offset += UTF8.width(s)
            }
        } else {
            for s in original {
                for n in MatchNormalizer.normalize(String(s)).unicodeScalars { scalars.append(n.value); offsets.append(offset) }
                offset += UTF8.width(s)
            }
        }
        offsets.append(offset)
        var hits: [TermHit] = []
        let utf8 = Array(text.utf8)
        var i = 0
        while i < scalars.count {
            // Only start where a Chinese term could: at a Han character.
            guard Chars.isHanOrWide(scalars[i]), let (end, entries) = chinese.longestMatch(scalars, from: i) else { i += 1; continue }
            let range = offsets[i]..<offsets[end]
            for e in entries { hits.append(hit(e, lang: "zh", utf8: utf8, bytes: range)) }
            i = end
        }
        return hits
    }
}

/// A trie over term words.
struct WordTrie: Sendable {
    enum Key: Hashable, Sendable {
        case exact(String)
        case folded(String)
    }

    private var children: [[Key: Int]] = [[:]]
    private var terminal: [[Int]] = [[]]
    let root = 0

    mutating func insert(_ words: [Key], entry: Int) {
        var node = root
        for word in words {
            if let next = children[node][word] {
                node = next
            } else {
                children.append([:])
                terminal.append([])
                children[node][word] = children.count - 1
                node = children.count - 1
            }
        }
        terminal[node].append(entry)
    }

    func child(_ node: Int, _ key: Key) -> Int? { children[node][key] }
    func entries(_ node: Int) -> [Int] { terminal[node] }
}

/// A trie over normalized Chinese characters.
struct CharacterTrie: Sendable {
    private var children: [[UInt32: Int]] = [[:]]
    private var terminal: [[Int]] = [[]]

    mutating func insert(_ characters: [UInt32], entry: Int) {
        var node = 0
        for c in characters {
            if let next = children[node][c] {
                node = next
            } else {
                children.append([:])
                terminal.append([])
                children[node][c] = children.count - 1
                node = children.count - 1
            }
        }
        terminal[node].append(entry)
    }

    /// The end (exclusive) and entries of the longest term starting at `start`.
    func longestMatch(_ text: [UInt32], from start: Int) -> (Int, [Int])? {
        var node = 0
        var best: (Int, [Int])?
        var i = start
        while i < text.count, let next = children[node][text[i]] {
            node = next
            i += 1
            if !terminal[node].isEmpty { best = (i, terminal[node]) }
        }
        return best
    }
}
