import Foundation
import TMText

/// Aligns and imports an archive of article pairs: one transaction per pair,
/// so a run killed half way keeps the pairs it finished, and running it again
/// skips them (each pair is known by its files' SHA-256) and does the rest.
public struct ArchiveImport {
    public var importer: ArticleImport

    public init(importer: ArticleImport) { self.importer = importer }

    public struct Pair: Sendable, Equatable {
        public var en: String
        public var zh: String

        public init(en: String, zh: String) {
            self.en = en
            self.zh = zh
        }
    }

    /// What happened to one pair.
    public enum Outcome: Sendable {
        case imported(ArticleImport.Result)
        case alreadyImported
        case failed(String)
    }

    /// Pairs by file name: `story.md` in both folders, or `story.en.md` with
    /// `story.zh.md` (any language tag `en`/`zh` before the extension).
    /// English files with no Chinese partner are listed as unmatched.
    public static func pairs(enFolder: String, zhFolder: String) throws -> (pairs: [Pair], unmatched: [String]) {
        let fm = FileManager.default
        func files(_ folder: String) throws -> [String] {
            guard let names = try? fm.contentsOfDirectory(atPath: folder) else {
                throw TextInputError(file: folder, line: 0, column: 0, message: "cannot read this folder")
            }
            return names.filter { !$0.hasPrefix(".") }.sorted()
        }
        func key(_ name: String, _ tag: String) -> String {
            let ext = (name as NSString).pathExtension, stem = (name as NSString).deletingPathExtension
            for suffix in [".\(tag)", "-\(tag)", "_\(tag)"] where stem.lowercased().hasSuffix(suffix) {
                return String(stem.dropLast(suffix.count)) + "." + ext
            }
            return name
        }
        let zhFiles = try files(zhFolder)
        var zhByKey: [String: String] = [:]
        for name in zhFiles { zhByKey[key(name, "zh")] = name }
        var pairs: [Pair] = [], unmatched: [String] = []
        for name in try files(enFolder) {
            let enPath = (enFolder as NSString).appendingPathComponent(name)
            if let zh = zhByKey[key(name, "en")] {
                pairs.append(Pair(en: enPath, zh: (zhFolder as NSString).appendingPathComponent(zh)))
            } else {
                unmatched.append(enPath)
            }
        }
        return (pairs, unmatched)
    }

    /// Pairs listed in a TSV file: English path, tab, Chinese path, one pair
    /// a line; relative paths are taken from the list's folder. A first line
    /// `en<TAB>zh` is a header.
    public static func pairs(list path: String) throws -> [Pair] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TextInputError(file: path, line: 0, column: 0, message: "cannot read the list of pairs")
        }
        let folder = (path as NSString).deletingLastPathComponent
        func resolved(_ p: String) -> String { p.hasPrefix("/") ? p : (folder as NSString).appendingPathComponent(p) }
        var pairs: [Pair] = []
        for (k, raw) in String(decoding: data, as: UTF8.self).components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = line.components(separatedBy: "\t")
            if k == 0 && fields.map({ $0.lowercased() }) == ["en", "zh"] { continue }
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw TextInputError(file: path, line: k + 1, column: 1,
                                     message: "expected the English file, a tab and the Chinese file (found \(fields.count) field\(fields.count == 1 ? "" : "s"))")
            }
            pairs.append(Pair(en: resolved(fields[0]), zh: resolved(fields[1])))
        }
        return pairs
    }

    /// Imports each pair in turn; a pair that cannot be read or aligned is
    /// reported and the others go on.
    public func run(_ pairs: [Pair], progress: (Int, Pair, Outcome) -> Void) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for (k, pair) in pairs.enumerated() {
            let outcome: Outcome
            do {
                let result = try importer.importArticle(en: pair.en, zh: pair.zh)
                outcome = result.summary.alreadyImported ? .alreadyImported : .imported(result)
            } catch let error as TextInputError {
                outcome = .failed("\(error)")
            }
            outcomes.append(outcome)
            progress(k + 1, pair, outcome)
        }
        return outcomes
    }

    /// The review list's header: links below the confidence threshold, as
    /// TSV, appended pair by pair so that a resumed run keeps earlier lines.
    public static let reviewHeader = "confidence\ten_file\tzh_file\ten\tzh\n"

    /// The review lines of one imported pair.
    public static func reviewLines(_ pair: Pair, _ result: ArticleImport.Result) -> String {
        func clean(_ s: String) -> String { s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
        return result.lowConfidence.map { link in
            String(format: "%.2f", link.confidence) + "\t\(clean(pair.en))\t\(clean(pair.zh))\t\(clean(link.en))\t\(clean(link.zh))\n"
        }.joined()
    }
}
