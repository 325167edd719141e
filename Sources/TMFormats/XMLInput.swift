import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TMMemory
import TMText

/// Prepares an XML file's bytes for FoundationXML's parser.
///
/// That parser runs libxml2 in recovery mode and then force-unwraps element,
/// attribute and comment names as UTF-8: a name with a malformed sequence, or
/// one left unconverted under an encoding libxml2 does not know, stops the
/// whole process; so does a processing instruction without data (`<?x?>`),
/// whose missing data it reads as a string. So the parser only ever sees
/// checked UTF-8 without such instructions: a UTF-8 file is
/// validated (streaming) and parsed as it is; UTF-16 and Latin-1 family files
/// are decoded here and handed over as UTF-8 with their declaration rewritten;
/// any other declared encoding is refused with a clear error.
enum XMLInput {
    /// Encodings decoded here besides UTF-8 and UTF-16.
    private static let singleByte: [String: String.Encoding] = [
        "iso-8859-1": .isoLatin1, "latin1": .isoLatin1, "latin-1": .isoLatin1, "iso_8859-1": .isoLatin1,
        "windows-1252": .windowsCP1252, "cp1252": .windowsCP1252, "us-ascii": .ascii, "ascii": .ascii,
    ]
    /// Files that need decoding are read whole; this caps them.
    static let maxDecodedBytes = 512 << 20

    static func parser(path: String) throws -> XMLParser {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TextInputError(file: path, line: 0, column: 0, message: "cannot open the file (does it exist, and is it readable?)")
        }
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 1024) ?? Data()
        if case .utf8 = sniff(head) {
            var validator = UTF8Validator()
            try validator.feed(head, name: path)
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { try validator.feed(chunk, name: path) }
            try validator.finish(name: path)
            guard let stream = InputStream(fileAtPath: path) else {
                throw TextInputError(file: path, line: 0, column: 0, message: "cannot open the file (does it exist, and is it readable?)")
            }
            return XMLParser(stream: stream)
        }
        var data = head
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            data.append(chunk)
            if data.count > maxDecodedBytes {
                throw TextInputError(file: path, line: 1, column: 1,
                                     message: "a file that is not UTF-8 larger than \(maxDecodedBytes >> 20) MB; convert it to UTF-8 first")
            }
        }
        return try parser(data: data, name: path)
    }

    static func parser(data: Data, name: String) throws -> XMLParser {
        switch sniff(data.prefix(1024)) {
        case .utf8:
            var validator = UTF8Validator()
            try validator.feed(data, name: name)
            try validator.finish(name: name)
            return XMLParser(data: data)
        case .utf16(let bigEndian, let bom):
            let text = try decodeUTF16(data.dropFirst(bom), bigEndian: bigEndian, name: name)
            return try checkedParser(declaringUTF8(text), name: name)
        case .declared(let value, let column):
            let text: String
            if value.hasPrefix("utf-16") || value == "utf16" || value == "ucs-2" {
                // Declared UTF-16 but written in single bytes: read it as the UTF-8 it is.
                var validator = UTF8Validator()
                try validator.feed(data, name: name)
                try validator.finish(name: name)
                text = String(decoding: data, as: UTF8.self)
            } else if let encoding = singleByte[value], let decoded = String(data: data, encoding: encoding) {
                text = decoded
            } else if singleByte[value] != nil {
                throw TextInputError(file: name, line: 1, column: column,
                                     message: "the file declares \(value) but holds bytes outside it; save it as UTF-8")
            } else {
                throw TextInputError(file: name, line: 1, column: column,
                                     message: "unsupported encoding \"\(value)\"; save the file as UTF-8 (or UTF-16, ISO-8859-1)")
            }
            return try checkedParser(declaringUTF8(text), name: name)
        }
    }

    /// A parser over decoded text, after the same checks a UTF-8 file gets.
    private static func checkedParser(_ text: String, name: String) throws -> XMLParser {
        let data = Data(text.utf8)
        var validator = UTF8Validator()
        try validator.feed(data, name: name)
        try validator.finish(name: name)
        return XMLParser(data: data)
    }

    private enum Kind {
        case utf8
        case utf16(bigEndian: Bool, bom: Int)
        /// Another encoding named in the declaration (lowercased), and the column of its value.
        case declared(String, column: Int)
    }

    /// The encoding by byte-order mark, then by the declaration's `encoding`.
    private static func sniff(_ head: Data) -> Kind {
        let head = [UInt8](head)
        if head.starts(with: [0xFF, 0xFE]) { return .utf16(bigEndian: false, bom: 2) }
        if head.starts(with: [0xFE, 0xFF]) { return .utf16(bigEndian: true, bom: 2) }
        if head.starts(with: [0x3C, 0x00]) { return .utf16(bigEndian: false, bom: 0) }
        if head.starts(with: [0x00, 0x3C]) { return .utf16(bigEndian: true, bom: 0) }
        let start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard head[start...].starts(with: Array("<?xml".utf8)), let end = head[start...].firstIndex(of: 0x3E) else { return .utf8 }
        let declaration = head[start..<end]
        guard let at = declaration.indices.first(where: { declaration[$0...].starts(with: Array("encoding".utf8)) }) else { return .utf8 }
        var i = at + 8
        while i < end, [0x20, 0x09, 0x0D, 0x0A, 0x3D].contains(head[i]) { i += 1 }
        guard i < end, head[i] == 0x22 || head[i] == 0x27 else { return .declared("", column: i - start + 1) }
        let quote = head[i]
        let valueStart = i + 1
        let valueEnd = head[valueStart..<end].firstIndex(of: quote) ?? end
        let value = String(decoding: head[valueStart..<valueEnd], as: UTF8.self).lowercased()
        if value == "utf-8" || value == "utf8" { return .utf8 }
        return .declared(value, column: valueStart - start + 1)
    }

    /// UTF-16 to a String; a lone surrogate or an odd final byte is an error with its position.
    private static func decodeUTF16(_ bytes: Data, bigEndian: Bool, name: String) throws -> String {
        if bytes.count > maxDecodedBytes {
            throw TextInputError(file: name, line: 1, column: 1, message: "UTF-16 file larger than \(maxDecodedBytes >> 20) MB; convert it to UTF-8 first")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var line = 1, column = 1
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            index += 2
        }
        var scalars = String.UnicodeScalarView()
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput: break loop
            case .error:
                throw TextInputError(file: name, line: line, column: column,
                                     message: "invalid UTF-16 (a lone surrogate); save the file as UTF-8 or UTF-16 again")
            }
        }
        if bytes.count % 2 != 0 {
            throw TextInputError(file: name, line: line, column: column, message: "the file ends inside a UTF-16 character; it looks truncated")
        }
        return String(scalars)
    }

    /// The text with its XML declaration (if any) naming UTF-8, the encoding it now has.
    private static func declaringUTF8(_ text: String) -> String {
        var text = Substring(text)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        guard text.hasPrefix("<?xml"), let end = text.range(of: "?>") else { return String(text) }
        let declaration = text[..<end.lowerBound]
        guard let at = declaration.range(of: "encoding") else { return String(text) }
        // Everything from "encoding" to the end of the declaration becomes encoding="UTF-8".
        return String(text[..<at.lowerBound]) + "encoding=\"UTF-8\"" + String(text[end.lowerBound...])
    }
}

/// Strict UTF-8 validation across chunks, tracking the line and column of
/// the first bad byte; also finds processing instructions without data.
private struct UTF8Validator {
    private var line = 1, column = 1
    private var pending = 0            // continuation bytes still expected
    private var minimum: UInt32 = 0    // smallest value the sequence may encode (no overlong forms)
    private var value: UInt32 = 0
    private var start = (line: 1, column: 1)
    private var instruction = InstructionScan()

    mutating func feed(_ bytes: Data, name: String) throws {
        for byte in bytes {
            if instruction.step(byte, line: line, column: column) {
                throw TextInputError(file: name, line: instruction.start.line, column: instruction.start.column,
                                     message: "a processing instruction without data (<?name?>); remove it or give it data")
            }
            if pending > 0 {
                guard byte & 0xC0 == 0x80 else { throw invalid(name) }
                value = value << 6 | UInt32(byte & 0x3F)
                pending -= 1
                if pending == 0 && (value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value)) { throw invalid(name) }
                continue
            }
            start = (line, column)
            switch byte {
            case 0x0A: line += 1; column = 1; continue
            case 0x00..<0x80: break
            case 0xC2...0xDF: pending = 1; minimum = 0x80; value = UInt32(byte & 0x1F)
            case 0xE0...0xEF: pending = 2; minimum = 0x800; value = UInt32(byte & 0x0F)
            case 0xF0...0xF4: pending = 3; minimum = 0x10000; value = UInt32(byte & 0x07)
            default: throw invalid(name)
            }
            column += 1
        }
    }

    func finish(name: String) throws {
        if pending > 0 { throw TextInputError(file: name, line: start.line, column: start.column, message: "the file ends inside a UTF-8 sequence; it looks truncated") }
    }

    private func invalid(_ name: String) -> TextInputError {
        TextInputError(file: name, line: start.line, column: start.column,
                       message: "invalid UTF-8; save the file as UTF-8, or declare its real encoding in <?xml … encoding=\"…\"?>")
    }
}

/// Recognizes `<?name?>` (optionally with spaces before `?>`) byte by byte.
private struct InstructionScan {
    private enum State { case outside, open, question, name, space, end }
    private var state = State.outside
    private(set) var start = (line: 1, column: 1)

    /// Feeds one byte at (line, column); true when an instruction without data just ended.
    mutating func step(_ byte: UInt8, line: Int, column: Int) -> Bool {
        let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        let isNameByte = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            || byte == 0x5F || byte == 0x3A || byte == 0x2D || byte == 0x2E
        switch state {
        case .open: state = byte == 0x3F ? .question : .outside
        case .question: state = isNameByte ? .name : .outside
        case .name: state = byte == 0x3F ? .end : isSpace ? .space : isNameByte ? .name : .outside
        case .space: state = byte == 0x3F ? .end : isSpace ? .space : .outside
        case .end:
            if byte == 0x3E { state = .outside; return true }
            state = .outside
        case .outside: break
        }
        if state == .outside && byte == 0x3C {
            state = .open
            start = (line, column)
        }
        return false
    }
}

/// A reader of units from one XML format (TMX, XLIFF): it parses what a
/// streaming parser reads, from a file or from bytes in memory.
public protocol XMLUnitReader {
    func parse(_ parser: XMLParser, name: String, into sink: any UnitSink) throws
}

extension XMLUnitReader {
    public func read(path: String, into sink: any UnitSink) throws {
        try parse(XMLInput.parser(path: path), name: path, into: sink)
    }

    public func read(data: Data, name: String, into sink: any UnitSink) throws {
        try parse(XMLInput.parser(data: data, name: name), name: name, into: sink)
    }
}
