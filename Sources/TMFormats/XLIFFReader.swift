import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TMMemory
import TMText

/// Reads XLIFF 1.2 (trans-unit source/target; Trados `.sdlxliff` segments in
/// seg-source/mrk, with deleted tracked changes left out) and XLIFF 2.x
/// (unit/segment source/target). Either language may be the source; files
/// whose languages are not English and Chinese give no units (each skipped,
/// with the reason), and untranslated units are skipped. Only segments in a
/// translated state are translations (2.x `translated`, `reviewed`, `final`;
/// 1.2 `translated`, `signed-off`, `final` or `approved="yes"`; Trados
/// `Translated`, `ApprovedTranslation`, `ApprovedSignOff`): drafts, new
/// segments and segments without a state are skipped unless `anyState`.
public struct XLIFFReader: XMLUnitReader {
    /// Take every segment with a target, whatever its state (`--states any`).
    public var anyState: Bool

    public init(anyState: Bool = false) { self.anyState = anyState }

    static let translatedStates: Set<String> = ["translated", "reviewed", "final", "signed-off", "approved",
                                                "approvedtranslation", "approvedsignoff"]

    public func parse(_ parser: XMLParser, name: String, into sink: any UnitSink) throws {
        let delegate = XLIFFDelegate(name: name, sink: sink, parser: parser, anyState: anyState)
        try XMLParsing.parse(parser, with: delegate, name: name, root: "xliff",
                              expected: "a well-formed XLIFF document (<xliff> with <file> elements)")
    }
}

private final class XLIFFDelegate: NSObject, XMLParsingDelegate {
    let name: String
    let sink: any UnitSink
    unowned let parser: XMLParser
    var error: Error?
    var sawRoot = false
    var closedRoot = false

    private var path: [String] = []
    private var sourceLanguage: String?
    private var targetLanguage: String?
    private var fileName: String?
    private var unitID: String?
    /// The segment's state (XLIFF 2.x `segment/@state`, 1.2 `target/@state`).
    private var state: String?
    private var translatable = true
    private var ignoredDepth = 0  // inside alt-trans, notes and other non-content
    private var container: String?  // "source", "seg-source" or "target"
    private var whole: [String: InlineSegmentBuilder] = [:]
    private var marked: [String: [(mid: String, segment: InlineSegmentBuilder)]] = [:]
    private var currentMid: String?
    /// For each open mrk: whether it marks a segment (Trados) or is inline markup.
    private var mrkIsSegment: [Bool] = []
    private var position = 0
    private let anyState: Bool
    /// Where the current unit or segment starts.
    private var unitLine = 0, unitColumn = 0
    /// Trados: each segment's confirmation level (`sdl:seg conf`), by its id.
    private var tradosStates: [String: String] = [:]

    init(name: String, sink: any UnitSink, parser: XMLParser, anyState: Bool) {
        self.name = name
        self.sink = sink
        self.parser = parser
        self.anyState = anyState
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let tag = element.lowercased()
        defer { path.append(tag) }
        if path.isEmpty {
            sawRoot = tag == "xliff"
            if !sawRoot { fail("the root element is <\(element)>, expected <xliff>") }
            sourceLanguage = attributes["srcLang"]
            targetLanguage = attributes["trgLang"]
            return
        }
        if tag == "sdl:seg", let id = attributes["id"] {
            tradosStates[id] = attributes["conf"] ?? "Unspecified"
        }
        if ignoredDepth > 0 { ignoredDepth += 1; return }
        if let box = container {
            inline(tag, attributes: attributes, in: box)
            return
        }
        switch tag {
        case "file":
            if let s = attributes["source-language"] { sourceLanguage = s }
            if let t = attributes["target-language"] { targetLanguage = t }
            fileName = attributes["original"]
        case "trans-unit", "unit":
            unitID = attributes["id"]
            translatable = attributes["translate"]?.lowercased() != "no"
            whole = [:]
            marked = [:]
            tradosStates = [:]
            state = attributes["approved"]?.lowercased() == "yes" ? "approved" : nil
            (unitLine, unitColumn) = (parser.lineNumber, parser.columnNumber)
        case "segment":
            whole = [:]
            state = attributes["state"]
            (unitLine, unitColumn) = (parser.lineNumber, parser.columnNumber)
        case "source", "seg-source", "target":
            if tag == "target", let value = attributes["state"], state != "approved" { state = value }
            container = tag
            whole[tag] = InlineSegmentBuilder()
            marked[tag] = []
        case "alt-trans", "note", "notes", "header", "context-group", "originaldata", "sdl:seg-defs", "seg-defs", "doc-info":
            ignoredDepth = 1
        default:
            break
        }
    }

    /// Inline markup inside source, seg-source or target.
    private func inline(_ tag: String, attributes: [String: String], in box: String) {
        if tag == "mrk" { mrkIsSegment.append(attributes["mtype"] == "seg") }
        if tag == "mrk" && attributes["mtype"] == "seg" {
            currentMid = attributes["mid"] ?? String(marked[box]?.count ?? 0)
            marked[box, default: []].append((currentMid!, InlineSegmentBuilder()))
            return
        }
        let kind: InlineKind
        var pairID: String? = attributes["rid"] ?? attributes["id"]
        switch tag {
        case "g", "pc": kind = .span
        case "x", "ph": kind = .standalone
        case "bx", "sc": kind = .opening
        case "ex": kind = .closing
        case "ec": kind = .closing; pairID = attributes["startRef"] ?? pairID
        case "bpt": kind = .opening
        case "ept": kind = .closing
        case "it": kind = attributes["pos"] == "close" ? .closing : .opening
        case "mrk" where attributes["mtype"] == "x-sdl-deleted": kind = .dropped
        default: kind = .transparent
        }
        if currentMid != nil, var last = marked[box]?.popLast() {
            last.segment.start(tag, kind: kind, pairID: pairID, attributes: attributes)
            marked[box]!.append(last)
        }
        whole[box]?.start(tag, kind: kind, pairID: pairID, attributes: attributes)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard ignoredDepth == 0, let box = container else { return }
        whole[box]?.characters(string)
        if currentMid != nil, var last = marked[box]?.popLast() {
            last.segment.characters(string)
            marked[box]!.append(last)
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        self.parser(parser, foundCharacters: String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        let tag = path.popLast() ?? element.lowercased()
        if path.isEmpty { closedRoot = true }
        if ignoredDepth > 0 { ignoredDepth -= 1; return }
        if let box = container {
            if tag == box {
                container = nil
                currentMid = nil
                mrkIsSegment = []
            } else if tag == "mrk" && mrkIsSegment.popLast() == true {
                currentMid = nil
            } else {
                whole[box]?.end(tag)
                if currentMid != nil, var last = marked[box]?.popLast() {
                    last.segment.end(tag)
                    marked[box]!.append(last)
                }
            }
            return
        }
        switch tag {
        case "trans-unit":
            finishTransUnit()
        case "segment":
            emit(source: whole["source"], target: whole["target"], mid: nil, state: state)
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {}

    private func finishTransUnit() {
        if let sources = marked["seg-source"], !sources.isEmpty {
            let targets = marked["target"] ?? []
            for (mid, source) in sources {
                emit(source: source, target: targets.first { $0.mid == mid }?.segment, mid: mid, state: tradosStates[mid] ?? state)
            }
        } else {
            emit(source: whole["source"], target: whole["target"], mid: nil, state: state)
        }
    }

    private func emit(source: InlineSegmentBuilder?, target: InlineSegmentBuilder?, mid: String?, state: String?) {
        defer { position += 1 }
        func reject(_ reason: String) { sink.reject(Rejection(reason: reason, line: unitLine, column: unitColumn)) }
        let src = sourceLanguage.flatMap(LanguageTag.language), trg = targetLanguage.flatMap(LanguageTag.language)
        guard let src, let trg, src != trg else {
            reject("languages \(sourceLanguage ?? "?") → \(targetLanguage ?? "?") are not English–Chinese")
            return
        }
        guard translatable else { reject("marked translate=\"no\""); return }
        guard let source, !source.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            reject("empty source")
            return
        }
        guard let target, !target.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            reject("untranslated (no target)")
            return
        }
        if !anyState && !XLIFFReader.translatedStates.contains((state ?? "").lowercased()) {
            reject(state.map { "state \($0), not a translated state (translated, reviewed, final, signed-off)" }
                   ?? "no state, so not known to be translated (--states any takes it)")
            return
        }
        let (en, zh) = src == .en ? (source, target) : (target, source)
        var provenance: [String: String] = [:]
        if let unitID { provenance["id"] = unitID }
        if let mid { provenance["mid"] = mid }
        if let state { provenance["state"] = state }
        if let fileName { provenance["original"] = fileName }
        if let codes = en.codesJSON { provenance["inline:en"] = codes }
        if let codes = zh.codesJSON { provenance["inline:zh"] = codes }
        provenance["lang:en"] = src == .en ? sourceLanguage : targetLanguage
        provenance["lang:zh"] = src == .zh ? sourceLanguage : targetLanguage
        var unit = TranslationUnit(en: en.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                   zh: zh.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                   origin: .xliff, position: position, provenance: provenance)
        unit.line = unitLine
        unit.column = unitColumn
        do {
            try sink.add(unit)
        } catch {
            self.error = error
            parser.abortParsing()
        }
    }

    private func fail(_ message: String) {
        guard error == nil else { return }
        error = TextInputError(file: name, line: parser.lineNumber, column: parser.columnNumber, message: message)
        parser.abortParsing()
    }
}
