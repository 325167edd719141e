import TMMemory
import TMText

/// English–Chinese pairs in TSV or CSV: one pair a row, an optional header
/// naming the columns (`en`/`zh` and common variants), fields optionally
/// quoted ("" for a quote inside; a quoted field may span lines), LF or CRLF.
///
/// Written by hand rather than with CSV.swift: errors must name the line and
/// column of a bad row (that library reports neither), and it reads scalar by
/// scalar, too slow for importing a million pairs in seconds.
public struct DelimitedReader {
    public let delimiter: UInt8

    public init(delimiter: UInt8) { self.delimiter = delimiter }

    static let englishNames: Set<String> = ["en", "eng", "english", "en-us", "en-gb", "source", "src", "英文", "英语", "英語"]
    static let chineseNames: Set<String> = ["zh", "zho", "chinese", "zh-cn", "zh-hans", "zh-tw", "zh-hant", "zh-hk", "cmn",
                                            "target", "tgt", "中文", "汉语", "漢語", "中文翻译", "译文", "譯文"]

    public func read(path: String, into sink: any UnitSink) throws {
        try read(lines: LineSource(path: path), into: sink)
    }

    public func read(text: String, name: String, into sink: any UnitSink) throws {
        try read(bytes: Array(text.utf8), name: name, into: sink)
    }

    /// Reads raw bytes as a file would be read (encoding checks included).
    public func read(bytes: [UInt8], name: String, into sink: any UnitSink) throws {
        try read(lines: LineSource(bytes: bytes, name: name), into: sink)
    }

    private func read(lines: LineSource, into sink: any UnitSink) throws {
        var columns: (en: Int, zh: Int, count: Int, names: [String])?
        var position = 0
        var records = DelimitedRecords(lines: lines, delimiter: delimiter)
        while let (fields, line) = try records.next() {
            if fields.count == 1 && fields[0].text.isEmpty { continue }  // blank line
            if columns == nil {
                if let header = headerColumns(fields) {
                    columns = header
                    continue
                }
                columns = try guessColumns(fields, file: lines.name, line: line)
            }
            guard let c = columns else { continue }
            guard fields.count == c.count else {
                let column = fields.count > c.count ? fields[c.count].column : (fields.last.map { $0.column + $0.text.count } ?? 1)
                sink.reject(Rejection(reason: "expected \(c.count) fields (\(c.names.joined(separator: ", "))) separated by \(delimiterName), found \(fields.count)",
                                      line: line, column: column))
                position += 1
                continue
            }
            if isBlank(fields[c.en].text) || isBlank(fields[c.zh].text) {
                let (index, side) = isBlank(fields[c.en].text) ? (c.en, "English") : (c.zh, "Chinese")
                sink.reject(Rejection(reason: "the \(side) side is empty", line: fields[index].line, column: fields[index].column))
                position += 1
                continue
            }
            var provenance: [String: String] = [:]
            for (k, field) in fields.enumerated() where k != c.en && k != c.zh && !field.text.isEmpty {
                provenance[c.names[k]] = field.text
            }
            var unit = TranslationUnit(en: fields[c.en].text, zh: fields[c.zh].text, origin: .tsv,
                                       position: position, provenance: provenance)
            unit.line = line
            unit.column = fields.first?.column ?? 1
            try sink.add(unit)
            position += 1
        }
    }

    private func isBlank(_ text: String) -> Bool {
        // Most fields start with a visible ASCII character: no Unicode lookup needed.
        if let first = text.utf8.first, first > 0x20 && first < 0x7F { return false }
        return text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }

    private var delimiterName: String { delimiter == UInt8(ascii: "\t") ? "tabs" : "commas" }

    private func headerColumns(_ fields: [DelimitedRecords.Field]) -> (en: Int, zh: Int, count: Int, names: [String])? {
        let names = fields.map { $0.text.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let en = names.firstIndex(where: DelimitedReader.englishNames.contains),
              let zh = names.firstIndex(where: DelimitedReader.chineseNames.contains), en != zh else { return nil }
        return (en, zh, fields.count, names)
    }

    /// Without a header: two columns, the Chinese one found by its Han characters.
    private func guessColumns(_ fields: [DelimitedRecords.Field], file: String, line: Int) throws -> (en: Int, zh: Int, count: Int, names: [String]) {
        guard fields.count == 2 else {
            throw TextInputError(file: file, line: line, column: 1,
                                 message: "expected a header naming the en and zh columns, or two fields (English, Chinese) separated by \(delimiterName); found \(fields.count)")
        }
        let firstIsChinese = Language.detect(fields[0].text) == .zh && Language.detect(fields[1].text) == .en
        return firstIsChinese ? (1, 0, 2, ["zh", "en"]) : (0, 1, 2, ["en", "zh"])
    }

}
