import Foundation
import TMMemory
import TMText

/// The bilingual file formats TMKit imports.
public enum UnitFormat: String, Sendable, CaseIterable {
    case tmx, tsv, csv, xliff

    /// The format for a file name, by extension (`.sdlxliff` and `.xlf` are XLIFF).
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "tmx": self = .tmx
        case "tsv", "tab", "txt": self = .tsv
        case "csv": self = .csv
        case "xliff", "xlf", "sdlxliff", "mqxliff": self = .xliff
        default: return nil
        }
    }

    public var origin: Origin {
        switch self {
        case .tmx: return .tmx
        case .tsv, .csv: return .tsv
        case .xliff: return .xliff
        }
    }

    /// Reads the file at `path` into `sink`. Bad input throws a `TextInputError`
    /// with the file, line and column. `anyXLIFFState`: XLIFF segments in any state are read (see `XLIFFReader`).
    public func read(path: String, anyXLIFFState: Bool = false, into sink: any UnitSink) throws {
        switch self {
        case .tmx: try TMXReader().read(path: path, into: sink)
        case .tsv: try DelimitedReader(delimiter: UInt8(ascii: "\t")).read(path: path, into: sink)
        case .csv: try DelimitedReader(delimiter: UInt8(ascii: ",")).read(path: path, into: sink)
        case .xliff: try XLIFFReader(anyState: anyXLIFFState).read(path: path, into: sink)
        }
    }
}

/// Language tags as files write them: any `en-*` is English, any `zh-*`
/// (zh-CN, zh-Hans, zh-TW, zh-Hant, in any case) is Chinese.
public enum LanguageTag {
    public static func language(_ tag: String) -> Language? {
        let t = tag.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
        let primary = t.split(separator: "-").first.map(String.init) ?? t
        switch primary {
        case "en", "eng": return .en
        case "zh", "zho", "chi", "cmn": return .zh
        default: return nil
        }
    }
}
