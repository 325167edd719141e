import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TMGlossary
import TMText

/// TermBase eXchange: TBX-Basic (martif: termEntry / langSet / tig) and
/// TBX v3 core (tbx: conceptEntry / langSec / termSec). Each concept gives an
/// entry for every English term with every Chinese term; the Chinese term's
/// administrative status becomes the entry's status (deprecated and
/// superseded terms are forbidden).
public enum TBX {
    public static func read(path: String, source: String) throws -> [GlossaryEntry] {
        try parse(XMLInput.parser(path: path), name: path, source: source)
    }

    public static func read(data: Data, name: String, source: String) throws -> [GlossaryEntry] {
        try parse(XMLInput.parser(data: data, name: name), name: name, source: source)
    }

    private static func parse(_ parser: XMLParser, name: String, source: String) throws -> [GlossaryEntry] {
        let delegate = TBXDelegate(source: source)
        parser.delegate = delegate
        let ok = parser.parse() && parser.parserError == nil  // see XMLParsing.parse
        if let message = delegate.failure {
            throw TextInputError(file: name, line: delegate.failureLine, column: delegate.failureColumn, message: message)
        }
        if !ok || !delegate.sawRoot {
            throw XMLErrors.describe(parser, name: name, expected: "a well-formed TBX document (<martif> or <tbx> with term entries)")
        }
        if !delegate.closedRoot {
            throw TextInputError(file: name, line: max(1, parser.lineNumber), column: max(1, parser.columnNumber),
                                 message: "the file ends before its root element closes; it looks truncated")
        }
        return delegate.entries
    }

    /// A TBX v3 document (core structure, TBX-Basic dialect), one concept per English term.
    public static func write(_ entries: [GlossaryEntry]) -> String {
        var concepts: [(String, [GlossaryEntry])] = []
        var index: [String: Int] = [:]
        for e in entries {
            if let k = index[e.en] { concepts[k].1.append(e) } else { index[e.en] = concepts.count; concepts.append((e.en, [e])) }
        }
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
          <tbxHeader><fileDesc><sourceDesc><p>Exported by TMKit</p></sourceDesc></fileDesc></tbxHeader>
          <text><body>

        """
        for (k, (en, group)) in concepts.enumerated() {
            out += "    <conceptEntry id=\"c\(k + 1)\">\n"
            out += "      <langSec xml:lang=\"en\"><termSec><term>\(Markup.escape(en))</term>"
            if let pos = group.first(where: { !$0.pos.isEmpty })?.pos { out += "<termNote type=\"partOfSpeech\">\(Markup.escape(pos))</termNote>" }
            out += "</termSec></langSec>\n      <langSec xml:lang=\"zh\">\n"
            for e in group {
                out += "        <termSec><term>\(Markup.escape(e.zh))</term><termNote type=\"administrativeStatus\">\(statusName(e.status))</termNote>"
                if !e.note.isEmpty { out += "<note>\(Markup.escape(e.note))</note>" }
                out += "</termSec>\n"
            }
            out += "      </langSec>\n    </conceptEntry>\n"
        }
        out += "  </body></text>\n</tbx>\n"
        return out
    }

    private static func statusName(_ s: TermStatus) -> String {
        switch s {
        case .preferred: return "preferredTerm-admn-sts"
        case .admitted: return "admittedTerm-admn-sts"
        case .forbidden: return "deprecatedTerm-admn-sts"
        }
    }

}

private final class TBXDelegate: NSObject, XMLParserDelegate {
    let source: String
    var entries: [GlossaryEntry] = []
    var sawRoot = false
    var closedRoot = false
    var failure: String?
    var failureLine = 0, failureColumn = 0

    private var depth = 0
    private struct Term { var text = ""; var status: TermStatus = .preferred; var pos = ""; var note = "" }
    private var conceptTerms: [String: [Term]] = [:]
    private var inConcept = false
    private var lang: String?
    private var term: Term?
    private var buffer = ""
    private var noteType: String?
    private var readingTerm = false

    init(source: String) { self.source = source }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        depth += 1
        if depth == 1 {
            sawRoot = element == "martif" || element == "tbx"
            if !sawRoot { fail(parser, "the root element is <\(element)>, expected <martif> or <tbx>") }
            return
        }
        switch element {
        case "termEntry", "conceptEntry":
            inConcept = true
            conceptTerms = [:]
        case "langSet", "langSec":
            lang = attributes["xml:lang"] ?? attributes["lang"]
        case "tig", "termSec", "ntig":
            term = Term()
        case "term":
            buffer = ""
            readingTerm = true
            if term == nil { term = Term() }
        case "termNote", "descrip", "note", "admin":
            buffer = ""
            noteType = element == "note" ? "note" : attributes["type"]
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { buffer += string }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        if depth == 0 { closedRoot = true }
        switch element {
        case "term":
            term?.text = buffer.trimmingCharacters(in: .whitespacesAndNewlines)
            readingTerm = false
            if term?.text.isEmpty ?? true { fail(parser, "an empty <term>; every term needs its text") }
        case "termNote", "descrip", "note", "admin":
            let value = buffer.trimmingCharacters(in: .whitespacesAndNewlines)
            switch noteType {
            case "administrativeStatus", "normativeAuthorization":
                if let status = TermStatus(loose: value) { term?.status = status }
            case "partOfSpeech": term?.pos = value
            case "note", "definition", "context": if term != nil { term?.note = value }
            default: break
            }
            noteType = nil
        case "tig", "termSec", "ntig":
            if let t = term, t.text.isEmpty { fail(parser, "a <\(element)> without a <term>; every term needs its text") }
            if let t = term, let lang { conceptTerms[lang.lowercased(), default: []].append(t) }
            term = nil
        case "termEntry", "conceptEntry":
            finishConcept()
            inConcept = false
        default:
            break
        }
    }

    private func finishConcept() {
        var english: [Term] = [], chinese: [Term] = []
        for (lang, terms) in conceptTerms {
            switch LanguageTag.language(lang) {
            case .en: english += terms
            case .zh: chinese += terms
            case nil: break
            }
        }
        for en in english where en.status != .forbidden {
            for zh in chinese {
                entries.append(GlossaryEntry(en: en.text, zh: zh.text, status: zh.status, pos: en.pos.isEmpty ? zh.pos : en.pos,
                                             note: zh.note.isEmpty ? en.note : zh.note, source: source))
            }
        }
    }

    private func fail(_ parser: XMLParser, _ message: String) {
        guard failure == nil else { return }
        failure = message
        failureLine = parser.lineNumber
        failureColumn = parser.columnNumber
        parser.abortParsing()
    }
}
