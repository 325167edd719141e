import TMText

/// Records of a delimited file (TSV or CSV): fields optionally quoted ("" for
/// a quote inside, a quoted field may span lines), each field with the line
/// and column where it starts, for error messages.
struct DelimitedRecords {
    struct Field {
        var text: String
        var line: Int
        var column: Int
    }

    let lines: LineSource
    let delimiter: UInt8

    var delimiterName: String { delimiter == UInt8(ascii: "\t") ? "tabs" : "commas" }

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
    mutating func next() throws -> ([Field], Int)? {
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
