import Foundation
import TMGlossary
import TMText

/// Glossary files as tables (TSV or CSV): a header naming the columns `en`,
/// `zh`, and optionally `status` (preferred / admitted / forbidden), `pos`
/// and `note`; one entry a row.
public enum GlossaryTable {
    /// Reads every entry; an empty term or an unknown status is an error with line and column.
    public static func read(path: String, delimiter: UInt8, source: String) throws -> [GlossaryEntry] {
        try read(lines: LineSource(path: path), delimiter: delimiter, source: source)
    }

    public static func read(text: String, name: String, delimiter: UInt8, source: String) throws -> [GlossaryEntry] {
        try read(bytes: Array(text.utf8), name: name, delimiter: delimiter, source: source)
    }

    /// Reads raw bytes as a file would be read (encoding checks included).
    public static func read(bytes: [UInt8], name: String, delimiter: UInt8, source: String) throws -> [GlossaryEntry] {
        try read(lines: LineSource(bytes: bytes, name: name), delimiter: delimiter, source: source)
    }

    private static func read(lines: LineSource, delimiter: UInt8, source: String) throws -> [GlossaryEntry] {
        var records = DelimitedRecords(lines: lines, delimiter: delimiter)
        guard let (header, headerLine) = try records.next() else { return [] }
        let names = header.map { $0.text.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ options: [String]) -> Int? { names.firstIndex(where: options.contains) }
        guard let en = column(["en", "english", "term", "source"]), let zh = column(["zh", "chinese", "中文", "target"]) else {
            throw TextInputError(file: lines.name, line: headerLine, column: 1,
                                 message: "expected a header with the columns en and zh (and optionally status, pos, note)")
        }
        let status = column(["status"]), pos = column(["pos", "part of speech"]), note = column(["note", "notes", "comment"])
        var entries: [GlossaryEntry] = []
        while let (read, line) = try records.next() {
            if read.count == 1 && read[0].text.isEmpty { continue }
            // Trailing optional columns may be left out; extra fields are an error.
            guard read.count <= names.count, read.count > max(en, zh) else {
                throw TextInputError(file: lines.name, line: line, column: read.count > names.count ? read[names.count].column : 1,
                                     message: "expected \(names.count) fields (\(names.joined(separator: ", "))), found \(read.count)")
            }
            var fields = read
            while fields.count < names.count { fields.append(.init(text: "", line: line, column: (fields.last?.column ?? 0) + 1)) }
            let statusText = status.map { fields[$0].text } ?? ""
            guard let parsedStatus = TermStatus(loose: statusText) else {
                throw TextInputError(file: lines.name, line: line, column: fields[status!].column,
                                     message: "unknown status “\(statusText)”; use preferred, admitted or forbidden")
            }
            let entry = GlossaryEntry(en: fields[en].text, zh: fields[zh].text, status: parsedStatus,
                                      pos: pos.map { fields[$0].text } ?? "", note: note.map { fields[$0].text } ?? "", source: source)
            do {
                entries.append(try entry.validated())
            } catch let error as GlossaryEntryError {
                let field = entry.en.isEmpty ? fields[en] : fields[zh]
                throw TextInputError(file: lines.name, line: line, column: field.column, message: error.message)
            }
        }
        return entries
    }

    /// The entries as a table with a header.
    public static func write(_ entries: [GlossaryEntry], delimiter: Character) -> String {
        var out = ["en", "zh", "status", "pos", "note"].joined(separator: String(delimiter)) + "\n"
        for e in entries {
            out += [e.en, e.zh, e.status.rawValue, e.pos, e.note].map { quote($0, delimiter) }.joined(separator: String(delimiter)) + "\n"
        }
        return out
    }

    private static func quote(_ field: String, _ delimiter: Character) -> String {
        guard field.contains(delimiter) || field.contains("\"") || field.contains("\n") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
