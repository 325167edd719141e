import Foundation

/// One line of a text file, without its terminator.
public struct SourceLine: Sendable {
    public var bytes: ArraySlice<UInt8>
    /// UTF-8 byte offset of the line's first byte in the source.
    public var offset: Int
    /// 1-based line number.
    public var number: Int
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    var isBlank: Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
}

/// Reads a file line by line in fixed-size chunks, so memory stays bounded
/// whatever the file's size. Checks that the text is UTF-8 (a UTF-16 file
/// with a byte-order mark is transcoded) and not binary, and reports the line
/// and column of the first bad byte.
public final class LineSource {
    static let maxLineBytes = 16 << 20

    public let name: String
    private var handle: FileHandle?
    private var buffer: [UInt8] = []
    private var position = 0          // next unread byte in buffer
    private var bufferOffset = 0      // source offset of buffer[0]
    private var atEnd = false
    private var lineNumber = 0
    private var checkedStart = false

    public init(path: String, chunkSize: Int = 1 << 20) throws {
        name = path
        self.chunkSize = chunkSize
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw TextInputError(file: path, line: 0, column: 0, message: "cannot open the file (does it exist, and is it readable?)")
        }
        handle = h
    }

    public init(bytes: [UInt8], name: String) {
        self.name = name
        self.chunkSize = 0
        buffer = bytes
        atEnd = true
    }

    private let chunkSize: Int

    deinit { try? handle?.close() }

    private func fill() throws {
        guard !atEnd, let handle else { return }
        if position > 0 {
            buffer.removeFirst(position)
            bufferOffset += position
            position = 0
        }
        let data = try handle.read(upToCount: chunkSize) ?? Data()
        if data.isEmpty { atEnd = true } else { buffer.append(contentsOf: data) }
    }

    private func checkStart() throws {
        checkedStart = true
        while buffer.count < 4 && !atEnd { try fill() }
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
            position = 3
        } else if buffer.starts(with: [0xFF, 0xFE]) || buffer.starts(with: [0xFE, 0xFF]) {
            try transcodeUTF16(bigEndian: buffer[0] == 0xFE)
        }
    }

    /// UTF-16 text is rare in articles; it is read whole and turned into UTF-8
    /// (offsets then refer to that UTF-8 text).
    private func transcodeUTF16(bigEndian: Bool) throws {
        while !atEnd {
            try fill()
            if buffer.count > 512 << 20 {
                throw TextInputError(file: name, line: 1, column: 1, message: "UTF-16 file larger than 512 MB; convert it to UTF-8 first")
            }
        }
        var units: [UInt16] = []
        units.reserveCapacity(buffer.count / 2)
        var i = 2
        while i + 1 < buffer.count {
            units.append(bigEndian ? UInt16(buffer[i]) << 8 | UInt16(buffer[i + 1]) : UInt16(buffer[i + 1]) << 8 | UInt16(buffer[i]))
            i += 2
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(units.count * 2)
        var iterator = units.makeIterator()
        var decoder = UTF16()
        decode: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): utf8.append(contentsOf: String(s).utf8)
            case .emptyInput: break decode
            case .error:
                throw TextInputError(file: name, line: 1, column: 1, message: "the file starts with a UTF-16 byte-order mark but holds invalid UTF-16")
            }
        }
        buffer = utf8
        position = 0
        bufferOffset = 0
    }

    public func nextLine() throws -> SourceLine? {
        if !checkedStart { try checkStart() }
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                return try makeLine(upTo: newline, terminator: 1)
            }
            if atEnd {
                if position >= buffer.count { return nil }
                return try makeLine(upTo: buffer.count, terminator: 0)
            }
            if buffer.count - position > LineSource.maxLineBytes {
                throw TextInputError(file: name, line: lineNumber + 1, column: 1,
                                     message: "line longer than \(LineSource.maxLineBytes >> 20) MB; this does not look like an article")
            }
            try fill()
        }
    }

    private func makeLine(upTo end: Int, terminator: Int) throws -> SourceLine {
        lineNumber += 1
        var contentEnd = end
        if contentEnd > position && buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        let slice = buffer[position..<contentEnd]
        try validate(slice)
        let line = SourceLine(bytes: slice, offset: bufferOffset + position, number: lineNumber)
        position = end + terminator
        return line
    }

    private func validate(_ slice: ArraySlice<UInt8>) throws {
        // Fast path: plain ASCII without control bytes.
        var ascii = true
        for byte in slice where byte >= 0x80 || byte == 0 { ascii = false; break }
        if ascii { return }
        if !slice.contains(0), String(validating: slice, as: UTF8.self) != nil { return }
        if let zero = slice.firstIndex(of: 0) {
            throw TextInputError(file: name, line: lineNumber, column: column(of: zero, in: slice),
                                 message: "NUL byte: this looks like a binary file, not a text article")
        }
        var iterator = slice.makeIterator()
        var decoder = UTF8()
        var consumed = slice.startIndex
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                consumed += UTF8.width(s)
            case .emptyInput:
                return
            case .error:
                throw TextInputError(file: name, line: lineNumber, column: column(of: consumed, in: slice),
                                     message: "invalid UTF-8 (byte 0x\(String(slice[consumed], radix: 16, uppercase: true))); save the file as UTF-8")
            }
        }
    }

    /// 1-based column in characters (Unicode scalars) of a byte index.
    private func column(of index: Int, in slice: ArraySlice<UInt8>) -> Int {
        1 + slice[slice.startIndex..<index].reduce(0) { $0 + (Chars.isContinuation($1) ? 0 : 1) }
    }
}

extension LineSource {
    /// Reads a whole file as UTF-8 (a UTF-8 byte-order mark is dropped, UTF-16
    /// with a mark is transcoded), refusing files over `limit` bytes and text
    /// that is not UTF-8, with the line and column of the first bad byte.
    /// Returns the bytes and the source offset of the first one.
    static func readWhole(path: String, limit: Int) throws -> (bytes: [UInt8], offset: Int) {
        let source = try LineSource(path: path)
        return try source.readAll(limit: limit)
    }

    static func readWhole(bytes: [UInt8], name: String, limit: Int) throws -> (bytes: [UInt8], offset: Int) {
        try LineSource(bytes: bytes, name: name).readAll(limit: limit)
    }

    private func readAll(limit: Int) throws -> (bytes: [UInt8], offset: Int) {
        var out: [UInt8] = []
        var first: Int?
        var lastEnd = 0
        while let line = try nextLine() {
            if first == nil { first = line.offset; lastEnd = line.offset }
            // Keep the exact bytes between lines ("\n" or "\r\n").
            if line.offset > lastEnd { out.append(contentsOf: lineGap(from: lastEnd, to: line.offset)) }
            out.append(contentsOf: line.bytes)
            lastEnd = line.offset + line.bytes.count
            if out.count > limit {
                throw TextInputError(file: name, line: line.number, column: 1,
                                     message: "file larger than \(limit >> 20) MB; split it or convert it to plain text")
            }
        }
        return (out, first ?? 0)
    }

    private func lineGap(from: Int, to: Int) -> [UInt8] {
        to - from == 2 ? [0x0D, 0x0A] : [UInt8](repeating: 0x0A, count: max(1, to - from))
    }
}
