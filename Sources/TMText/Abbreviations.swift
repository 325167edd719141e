/// Word lists behind the segmenter's English rules. Words are compared as
/// short byte keys so that checking a candidate boundary allocates nothing.
struct WordKey: Hashable, Comparable {
    static func < (a: WordKey, b: WordKey) -> Bool { (a.low, a.high) < (b.low, b.high) }

    var low: UInt64 = 0
    var high: UInt64 = 0

    /// Packs up to 16 bytes; returns nil for longer words (never in a list).
    init?(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, lowercased: Bool) {
        guard range.count > 0, range.count <= 16 else { return nil }
        for (k, i) in range.enumerated() {
            var byte = bytes[i]
            if lowercased && byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            if k < 8 { low |= UInt64(byte) << (8 * UInt64(k)) } else { high |= UInt64(byte) << (8 * UInt64(k - 8)) }
        }
    }

    init(_ word: String) {
        let bytes = Array(word.utf8)
        precondition(bytes.count <= 16, "word list entries are at most 16 bytes")
        for (k, byte) in bytes.enumerated() {
            if k < 8 { low |= UInt64(byte) << (8 * UInt64(k)) } else { high |= UInt64(byte) << (8 * UInt64(k - 8)) }
        }
    }
}

enum Abbreviations {
    private static func keys(_ words: String) -> Set<WordKey> {
        Set(words.split(separator: " ").map { WordKey(String($0)) })
    }

    /// Titles and words that are always followed by more of the same sentence
    /// (lowercase, without the final period).
    static let neverFinal = keys("""
        mr mrs ms mx dr prof sen rep gov gen col lt sgt capt cmdr adm maj rev hon pres messrs mmes \
        mt ft supt insp det atty amb fr vs cf viz e.g i.e approx ca esp fig figs
        """)

    /// Abbreviations that precede a number ("No. 5", "p. 55", "Apr. 21").
    static let beforeNumber = keys("""
        no nos n° nº p pp vol vols fig figs art arts sec ch chap para op ed eds tel ext approx ca vs \
        jan feb mar apr jun jul aug sep sept oct nov dec ph ref est rev
        """)

    /// Abbreviations that may end a sentence: the sentence ends only when a
    /// typical sentence opener follows ("Briggs & Co. It closed" vs "U.S. Government").
    static let mayEndSentence = keys("""
        inc co corp ltd llc plc jr sr bros etc al ave blvd rd st dept univ assn est mfg intl natl \
        jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun \
        a.m p.m am pm
        """)

    static let clockTimes = keys("a.m p.m")

    /// Common top-level domains: "Example.Com" is a name, not two sentences.
    static let topLevelDomains = keys("com org net gov edu mil int io ai co uk cn hk tw jp de fr eu info biz news app dev")

    struct Kinds: OptionSet {
        let rawValue: UInt8
        static let neverFinal = Kinds(rawValue: 1)
        static let beforeNumber = Kinds(rawValue: 2)
        static let mayEndSentence = Kinds(rawValue: 4)
        static let clockTime = Kinds(rawValue: 8)
    }

    /// All lowercase lists in one table, so a candidate costs one lookup.
    static let kinds: WordTable<Kinds> = {
        var table: [WordKey: Kinds] = [:]
        for (set, kind) in [(neverFinal, Kinds.neverFinal), (beforeNumber, .beforeNumber),
                            (mayEndSentence, .mayEndSentence), (clockTimes, .clockTime)] {
            for key in set { table[key, default: []].insert(kind) }
        }
        return WordTable(table)
    }()

    /// Capitalized words that typically open a sentence (case-sensitive).
    static let sentenceOpeners: WordTable<Bool> = WordTable("""
        I He She It We They You This That These Those There Here The A An But And Or So Yet Still \
        However Meanwhile Then Now In On At For After Before If As While When Where What Who Whom Why How \
        Which Although Though Since Because Despite According His Her Its Our Their My Your Some Many \
        Most All Both Each Every Not Other Such One Also Instead Moreover Furthermore Last Next Later \
        Earlier Today Yesterday Tomorrow Separately Overall Under With Without From Mr Mrs Ms Dr Prof \
        Shares Analysts Officials Nevertheless Nonetheless Indeed Thus Therefore Otherwise Only Even \
        Do Does Did Is Are Was Were Will Would Can Could Should May Might Must Has Have Had Let Please
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { (WordKey(String($0)), true) })

    /// Prepositions that open a short introductory time phrase ("At 5 a.m. Mr. Smith went").
    static let introPrepositions: WordTable<Bool> = WordTable("""
        At By Before After Until Till From Around About Since On Shortly Early Late Near Past
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { (WordKey(String($0)), true) })

    /// Chinese verbs of saying: "“……。”他说。" keeps the attribution with the quote.
    static let chineseSpeechVerbs: [String] = [
        "说", "說", "道", "表示", "称", "稱", "指出", "问", "問", "答", "回答", "强调", "強調",
        "透露", "补充", "補充", "写道", "寫道", "坦言", "直言", "解释", "解釋", "告诉", "告訴",
        "声称", "聲稱", "宣称", "宣稱", "喊", "叫道", "回应", "回應", "感叹", "感嘆",
    ]
}

/// A read-only word table searched by binary search: cheaper than hashing
/// for the few dozen short words the segmenter checks at every boundary.
struct WordTable<Value: Sendable>: Sendable {
    private let keys: [WordKey]
    private let values: [Value]

    init(_ entries: [WordKey: Value]) {
        let sorted = entries.sorted { $0.key < $1.key }
        keys = sorted.map(\.key)
        values = sorted.map(\.value)
    }

    init(_ entries: [(WordKey, Value)]) {
        self.init(Dictionary(entries, uniquingKeysWith: { a, _ in a }))
    }

    subscript(_ key: WordKey) -> Value? {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < keys.count && keys[lo] == key ? values[lo] : nil
    }

    func contains(_ key: WordKey) -> Bool { self[key] != nil }
}
