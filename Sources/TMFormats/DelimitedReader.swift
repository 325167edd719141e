import TMStore
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

    struct Field {
        var text: String
        var line: Int
        var column: Int
    }

    public func read(path: String, into sink: any UnitSink) throws {
        try read(lines: LineSource(path: path), into: sink)
    }

    public func read(text: String, name: String, into sink: any UnitSink) throws {
        try read(lines: LineSource(bytes: Array(text.utf8), name: name), into: sink)
    }

    private func read(lines: LineSource, into sink: any UnitSink) throws {
        var columns: (en: Int, zh: Int, count: Int, names: [String])?
        var position = 0
        while let (fields, line) = try nextRecord(lines) {
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
                throw TextInputError(file: lines.name, line: line, column: column,
                                     message: "expected \(c.count) fields (\(c.names.joined(separator: ", "))) separated by \(delimiterName), found \(fields.count)")
            }
            for (index, side) in [(c.en, "English"), (c.zh, "Chinese")] where isBlank(fields[index].text) {
                throw TextInputError(file: lines.name, line: fields[index].line, column: fields[index].column,
                                     message: "the \(side) side is empty; every row needs both sides")
            }
            var provenance: [String: String] = [:]
            for (k, field) in fields.enumerated() where k != c.en && k != c.zh && !field.text.isEmpty {
                provenance[c.names[k]] = field.text
            }
            try sink.add(TranslationUnit(en: fields[c.en].text, zh: fields[c.zh].text, origin: .tsv,
                                         position: position, provenance: provenance))
            position += 1
        }
    }

    private func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }

    private var delimiterName: String { delimiter == UInt8(ascii: "\t") ? "tabs" : "commas" }

    private func headerColumns(_ fields: [Field]) -> (en: Int, zh: Int, count: Int, names: [String])? {
        let names = fields.map { $0.text.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let en = names.firstIndex(where: DelimitedReader.englishNames.contains),
              let zh = names.firstIndex(where: DelimitedReader.chineseNames.contains), en != zh else { return nil }
        return (en, zh, fields.count, names)
    }

    /// Without a header: two columns, the Chinese one found by its Han characters.
    private func guessColumns(_ fields: [Field], file: String, line: Int) throws -> (en: Int, zh: Int, count: Int, names: [String]) {
        guard fields.count == 2 else {
            throw TextInputError(file: file, line: line, column: 1,
                                 message: "expected a header naming the en and zh columns, or two fields (English, Chinese) separated by \(delimiterName); found \(fields.count)")
        }
        let firstIsChinese = Language.detect(fields[0].text) == .zh && Language.detect(fields[1].text) == .en
        return firstIsChinese ? (1, 0, 2, ["zh", "en"]) : (0, 1, 2, ["en", "zh"])
    }

    /// In TSV a field that merely starts with a quote ("Hi," he said) is text:
    /// it is read as quoted only when its closing quote ends the field on the same line.
    private func closesOnLine(_ bytes: [UInt8], from start: Int) -> Bool {
        var i = start + 1
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\"") {
                if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { i += 2; continue }
                return i + 1 == bytes.count || bytes[i + 1] == delimiter
            }
            i += 1
        }
        return false
    }

    /// The next record: its fields and the line it starts on; nil at the end.
    private func nextRecord(_ lines: LineSource) throws -> ([Field], Int)? {
        guard var line = try lines.nextLine() else { return nil }
        let startLine = line.number
        var fields: [Field] = []
        var bytes = Array(line.bytes)
        var i = 0
        var column = 1
        while true {
            let fieldColumn = column
            if i < bytes.count && bytes[i] == UInt8(ascii: "\"") && (delimiter != UInt8(ascii: "\t") || closesOnLine(bytes, from: i)) {
                // Quoted field: runs to the closing quote, across lines if needed.
                var value: [UInt8] = []
                let fieldLine = line.number
                i += 1
                column += 1
                while true {
                    if i >= bytes.count {
                        guard let more = try lines.nextLine() else {
                            throw TextInputError(file: lines.name, line: fieldLine, column: fieldColumn,
                                                 message: "a quoted field is never closed (add the closing \")")
                        }
                        value.append(0x0A)
                        line = more
                        bytes = Array(more.bytes)
                        i = 0
                        column = 1
                        continue
                    }
                    if bytes[i] == UInt8(ascii: "\"") {
                        if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                            value.append(UInt8(ascii: "\""))
                            i += 2
                            column += 2
                            continue
                        }
                        i += 1
                        column += 1
                        break
                    }
                    if bytes[i] & 0xC0 != 0x80 { column += 1 }
                    value.append(bytes[i])
                    i += 1
                }
                fields.append(Field(text: String(decoding: value, as: UTF8.self), line: fieldLine, column: fieldColumn))
                if i < bytes.count && bytes[i] != delimiter {
                    throw TextInputError(file: lines.name, line: line.number, column: column,
                                         message: "unexpected text after a closing quote (expected \(delimiterName == "tabs" ? "a tab" : "a comma") or the end of the line)")
                }
            } else {
                let start = i
                while i < bytes.count && bytes[i] != delimiter {
                    if bytes[i] & 0xC0 != 0x80 { column += 1 }
                    i += 1
                }
                fields.append(Field(text: String(decoding: bytes[start..<i], as: UTF8.self), line: line.number, column: fieldColumn))
            }
            if i < bytes.count && bytes[i] == delimiter {
                i += 1
                column += 1
                continue
            }
            return (fields, startLine)
        }
    }
}
