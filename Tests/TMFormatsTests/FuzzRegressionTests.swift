import Foundation
import Testing
import TMFormats
import TMMemory
import TMText

/// Inputs the fuzzers found (Fuzz/regressions), replayed through each reader:
/// every one must give a value or an error with a position, never a trap.
private let regressions = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fuzz/regressions")

private func inputs(_ target: String) -> [Data] {
    let folder = regressions.appendingPathComponent(target)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.sorted().compactMap { try? Data(contentsOf: folder.appendingPathComponent($0)) }
}

/// Runs `body`; an error must be a TextInputError with a line and a column.
private func expectHandled(_ body: () throws -> Void) {
    do { try body() } catch let error as TextInputError {
        #expect(error.line >= 1 && error.column >= 1, "\(error)")
    } catch {
        Issue.record("an error without a position: \(error)")
    }
}

@Suite("Fuzz regressions: formats")
struct FuzzRegressionTests {
    @Test func everyKeptInputIsHandled() {
        var replayed = 0
        for data in inputs("FuzzTMX") { replayed += 1; expectHandled { try TMXReader().read(data: data, name: "r.tmx", into: CollectingSink()) } }
        for data in inputs("FuzzXLIFF") { replayed += 1; expectHandled { try XLIFFReader().read(data: data, name: "r.xliff", into: CollectingSink()) } }
        for data in inputs("FuzzTBX") { replayed += 1; expectHandled { _ = try TBX.read(data: data, name: "r.tbx", source: "r") } }
        for data in inputs("FuzzDelimited") where !data.isEmpty {
            replayed += 1
            let delimiter: UInt8 = data[0] & 1 == 0 ? 0x09 : 0x2C
            expectHandled { try DelimitedReader(delimiter: delimiter).read(bytes: Array(data.dropFirst()), name: "r.tsv", into: CollectingSink()) }
        }
        for data in inputs("FuzzGlossaryTable") where !data.isEmpty {
            replayed += 1
            let delimiter: UInt8 = data[0] & 1 == 0 ? 0x09 : 0x2C
            expectHandled { _ = try GlossaryTable.read(bytes: Array(data.dropFirst()), name: "r.tsv", delimiter: delimiter, source: "r") }
        }
        #expect(replayed >= 3)
    }

    // FoundationXML stops the process on a tag name that is not UTF-8; the
    // readers refuse such bytes first, naming where they are.
    @Test(arguments: [("tmx", [0x3C, 0xFF, 0x00, 0x00, 0x00] as [UInt8]), ("tbx", Array("<tbx>\n <t\u{0}".utf8) + [0xC3, 0x28])])
    func malformedUTF8InATagIsAnError(_ ext: String, _ bytes: [UInt8]) throws {
        let data = Data(bytes)
        let error = #expect(throws: TextInputError.self) {
            if ext == "tmx" { try TMXReader().read(data: data, name: "bad.tmx", into: CollectingSink()) }
            else { _ = try TBX.read(data: data, name: "bad.tbx", source: "x") }
        }
        #expect(error?.message.contains("UTF-8") == true)
        #expect(error?.line == (ext == "tmx" ? 1 : 2))
        #expect(error?.column == (ext == "tmx" ? 2 : 5))
    }

    @Test func loneSurrogateInUTF16IsAnError() throws {
        var data = utf16LE("<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"en\"><seg>A")
        data.append(contentsOf: [0x00, 0xD8])  // a high surrogate followed by "<"
        data.append(utf16LE("</seg></tuv></tu></body></tmx>", bom: false))
        let path = try temporaryFile(data, ext: "tmx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: TextInputError.self) { try TMXReader().read(path: path, into: CollectingSink()) }
        #expect(error?.message.contains("UTF-16") == true)
    }

    @Test func validUTF8AcrossReadChunksIsAccepted() throws {
        // One unit whose Chinese text straddles the 1 MB boundary of the validating reads.
        let head = "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>Long</seg></tuv><tuv xml:lang=\"zh\"><seg>"
        var text = head + String(repeating: "港", count: 360_000) + "</seg></tuv></tu></body></tmx>"
        while Array(text.utf8)[1 << 20] & 0xC0 != 0x80 { text = " " + text }
        let path = try temporaryFile(text, ext: "tmx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = CollectingSink()
        try TMXReader().read(path: path, into: sink)
        #expect(sink.units.map(\.en) == ["Long"])
    }

    @Test func latin1DeclarationIsDecoded() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>Caf".utf8)
        bytes.append(0xE9)  // é in Latin-1
        bytes += Array(" opens</seg></tuv><tuv xml:lang=\"zh\"><seg>&#21654;&#21857;&#39302;开业</seg></tuv></tu></body></tmx>".utf8.map { $0 < 0x80 ? $0 : 0x3F })
        let sink = CollectingSink()
        try TMXReader().read(data: Data(bytes), name: "latin.tmx", into: sink)
        #expect(sink.units.map(\.en) == ["Café opens"])
        #expect(sink.units.first?.zh.hasPrefix("咖啡馆") == true)
    }

    @Test func asciiDeclarationWithOtherBytesIsRefused() {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n<tmx version=\"1.4\"><body>".utf8)
        bytes.append(0xE9)
        let error = #expect(throws: TextInputError.self) { try TMXReader().read(data: Data(bytes), name: "a.tmx", into: CollectingSink()) }
        #expect(error?.message.contains("us-ascii") == true)
    }

    // FoundationXML reads the missing data of `<?name?>` as a string and crashes.
    @Test func instructionWithoutDataIsAnError() {
        let data = Data("<?xml version=\"1.0\"?>\n<xliff version=\"1.2\">\n  <?tool ?>\n</xliff>".utf8)
        let error = #expect(throws: TextInputError.self) { try XLIFFReader().read(data: data, name: "pi.xliff", into: CollectingSink()) }
        #expect(error?.line == 3 && error?.column == 3)
        #expect(error?.message.contains("processing instruction") == true)
        // With data it is fine.
        let fine = Data("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><?tool keep?><header srclang=\"en\"/><body/></tmx>".utf8)
        #expect(throws: Never.self) { try TMXReader().read(data: fine, name: "pi.tmx", into: CollectingSink()) }
    }

    // libxml2 recovers from a broken tag and the parser still reported success:
    // a concept then came out with an empty English term.
    @Test func recoveredTagErrorsAreErrors() {
        let tbx = Data("""
            <tbx type="TBX-Basic" xml:lang="en"><text><body><conceptEntry id="c1">
            <langSec xml:lang="en"><termSec><ter}>ceasefire</term></termSec></langSec>
            <langSec xml:lang="zh"><termSec><term>停火</term></termSec></langSec>
            </conceptEntry></body></text></tbx>
            """.utf8)
        let error = #expect(throws: TextInputError.self) { _ = try TBX.read(data: tbx, name: "broken.tbx", source: "x") }
        #expect(error?.line == 2)
    }

    @Test func unknownEncodingIsRefused() {
        let data = Data("<?xml version=\"1.0\" encoding=\"x-klingon\"?><tmx/>".utf8)
        let error = #expect(throws: TextInputError.self) { try TMXReader().read(data: data, name: "k.tmx", into: CollectingSink()) }
        #expect(error?.message.contains("x-klingon") == true)
        #expect(error?.line == 1 && error?.column == 31)
    }
}
