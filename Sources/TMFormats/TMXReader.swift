import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TMMemory
import TMText

/// Reads TMX 1.1 to 1.4b with FoundationXML's streaming parser: `xml:lang`
/// or the older `lang`; any en-* and zh-* variant; units with more languages
/// give their English–Chinese pair; inline bpt/ept/ph/it/hi/ut become
/// placeholders; notes, props and ids go to the unit's provenance. UTF-8 and
/// UTF-16, with or without a byte-order mark.
public struct TMXReader: XMLUnitReader {
    public init() {}

    public func parse(_ parser: XMLParser, name: String, into sink: any UnitSink) throws {
        let delegate = TMXDelegate(name: name, sink: sink, parser: parser)
        try XMLParsing.parse(parser, with: delegate, name: name, root: "tmx",
                              expected: "a well-formed TMX document (<tmx> with <header> and <body>)")
        try delegate.finish()
    }
}

private final class TMXDelegate: NSObject, XMLParsingDelegate {
    let name: String
    let sink: any UnitSink
    unowned let parser: XMLParser
    var error: Error?
    var sawRoot = false
    var closedRoot = false

    private var path: [String] = []
    private var unitLine = 0, unitColumn = 0
    private var unitAttributes: [String: String] = [:]
    private var notes: [String] = []
    private var props: [(String, String)] = []
    private var variants: [(lang: String, text: String, codes: String?, line: Int, column: Int)] = []
    private var variantLang: String?
    private var variantHasSeg = false
    private var segment: InlineSegmentBuilder?
    private var textBuffer = ""
    private var propType = ""
    private var position = 0

    init(name: String, sink: any UnitSink, parser: XMLParser) {
        self.name = name
        self.sink = sink
        self.parser = parser
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let tag = element.lowercased()
        defer { path.append(tag) }
        if path.isEmpty {
            sawRoot = tag == "tmx"
            if !sawRoot { fail("the root element is <\(element)>, expected <tmx>") }
            return
        }
        if var seg = segment {
            switch tag {
            case "bpt": seg.start(tag, kind: .opening, pairID: attributes["i"], attributes: attributes)
            case "ept": seg.start(tag, kind: .closing, pairID: attributes["i"], attributes: attributes)
            case "it": seg.start(tag, kind: attributes["pos"] == "end" ? .closing : .opening, pairID: nil, attributes: attributes)
            case "ph", "ut": seg.start(tag, kind: .standalone, pairID: nil, attributes: attributes)
            case "hi": seg.start(tag, kind: .span, pairID: nil, attributes: attributes)
            default: seg.start(tag, kind: .transparent, pairID: nil, attributes: attributes)  // sub and unknown
            }
            segment = seg
            return
        }
        switch tag {
        case "tu":
            unitAttributes = attributes
            unitLine = parser.lineNumber
            unitColumn = parser.columnNumber
            notes = []
            props = []
            variants = []
        case "tuv":
            variantLang = attributes["xml:lang"] ?? attributes["lang"] ?? attributes["XML:LANG"]
            variantHasSeg = false
        case "seg":
            segment = InlineSegmentBuilder()
            variantHasSeg = true
        case "note":
            textBuffer = ""
        case "prop":
            textBuffer = ""
            propType = attributes["type"] ?? "prop"
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if segment != nil { segment!.characters(string) } else { textBuffer += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        let string = String(decoding: CDATABlock, as: UTF8.self)
        if segment != nil { segment!.characters(string) } else { textBuffer += string }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        let tag = path.popLast() ?? element.lowercased()
        if path.isEmpty { closedRoot = true }
        if segment != nil && tag != "seg" {
            segment!.end(tag)
            return
        }
        switch tag {
        case "seg":
            if let seg = segment, let lang = variantLang {
                variants.append((lang, seg.text, seg.codesJSON, parser.lineNumber, parser.columnNumber))
            }
            segment = nil
        case "tuv":
            if !variantHasSeg {
                fail("a <tuv> without <seg>: every variant needs its segment", line: parser.lineNumber, column: parser.columnNumber)
            }
            variantLang = nil
        case "note" where path.last == "tu" || path.last == "tuv":
            notes.append(textBuffer.trimmingCharacters(in: .whitespacesAndNewlines))
        case "prop" where path.last == "tu" || path.last == "tuv":
            props.append((propType, textBuffer.trimmingCharacters(in: .whitespacesAndNewlines)))
        case "tu":
            finishUnit()
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {}

    private func finishUnit() {
        defer { position += 1 }
        let en = variants.first { LanguageTag.language($0.lang) == .en }
        let zh = variants.first { LanguageTag.language($0.lang) == .zh }
        guard let en, let zh else {
            if en == nil && zh == nil {
                let langs = variants.map(\.lang).joined(separator: ", ")
                sink.reject(Rejection(reason: "no English–Chinese pair (languages: \(langs.isEmpty ? "none" : langs))", line: unitLine, column: unitColumn))
            } else {
                sink.reject(Rejection(reason: "no \(en == nil ? "English" : "Chinese") variant", line: unitLine, column: unitColumn))
            }
            return
        }
        let enText = en.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let zhText = zh.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if enText.isEmpty || zhText.isEmpty {
            sink.reject(Rejection(reason: "the \(enText.isEmpty ? "English" : "Chinese") side is empty", line: unitLine, column: unitColumn))
            return
        }
        var provenance: [String: String] = [:]
        for key in ["tuid", "creationid", "changeid", "srclang", "usagecount"] { if let v = unitAttributes[key] { provenance[key] = v } }
        if !notes.isEmpty { provenance["note"] = notes.joined(separator: "\n") }
        for (type, value) in props { provenance["prop:\(type)"] = value }
        if let codes = en.codes { provenance["inline:en"] = codes }
        if let codes = zh.codes { provenance["inline:zh"] = codes }
        provenance["lang:en"] = en.lang
        provenance["lang:zh"] = zh.lang
        var unit = TranslationUnit(en: enText, zh: zhText, origin: .tmx, position: position,
                                   createdAt: TMXDate.parse(unitAttributes["creationdate"]),
                                   changedAt: TMXDate.parse(unitAttributes["changedate"]),
                                   user: unitAttributes["changeid"] ?? unitAttributes["creationid"],
                                   provenance: provenance)
        unit.line = unitLine
        unit.column = unitColumn
        do {
            try sink.add(unit)
        } catch {
            self.error = error
            parser.abortParsing()
        }
    }

    private func fail(_ message: String, line: Int? = nil, column: Int? = nil) {
        guard error == nil else { return }
        error = TextInputError(file: name, line: line ?? parser.lineNumber, column: column ?? parser.columnNumber, message: message)
        parser.abortParsing()
    }

    func finish() throws {
    }
}

/// TMX dates: "20260421T093000Z".
enum TMXDate {
    static func parse(_ s: String?) -> Date? {
        guard let s, s.count >= 15 else { return nil }
        let digits = s.filter(\.isNumber)
        guard digits.count >= 14 else { return nil }
        let d = Array(digits)
        func n(_ r: Range<Int>) -> Int { Int(String(d[r])) ?? 0 }
        var c = DateComponents()
        c.year = n(0..<4); c.month = n(4..<6); c.day = n(6..<8)
        c.hour = n(8..<10); c.minute = n(10..<12); c.second = n(12..<14)
        c.timeZone = TimeZone(identifier: "UTC")
        return Calendar(identifier: .gregorian).date(from: c)
    }
}
