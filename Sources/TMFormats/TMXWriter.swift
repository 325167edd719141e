import Foundation
import TMText
import TMMemory

/// Writes TMX 1.4b, valid against the TMX 1.4 DTD, one unit at a time:
/// header with source language, tool and dates; each unit with its dates,
/// provenance as `prop`s and placeholders written back as inline elements
/// (a pair ⟦n⟧…⟦/n⟧ as bpt/ept, a lone ⟦n⟧ as ph, with the original codes
/// when the import kept them).
public struct TMXWriter {
    private let write: (String) throws -> Void

    public init(_ write: @escaping (String) throws -> Void) { self.write = write }

    /// "20260421T093000Z". Formatted by hand: a DateFormatter per call costs
    /// more than writing the whole unit, and exports write millions of dates.
    static func date(_ d: Date) -> String {
        var seconds = time_t(d.timeIntervalSince1970)
        var t = tm()
        gmtime_r(&seconds, &t)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(t.tm_year + 1900)\(two(t.tm_mon + 1))\(two(t.tm_mday))T\(two(t.tm_hour))\(two(t.tm_min))\(two(t.tm_sec))Z"
    }

    public func begin(creationDate: Date = Date()) throws {
        try write("""
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4">
          <header creationtool="TMKit" creationtoolversion="1.0" segtype="sentence" o-tmf="TMKit SQLite" adminlang="en" srclang="en" datatype="plaintext" creationdate="\(TMXWriter.date(creationDate))"/>
          <body>

        """)
    }

    public func add(_ exported: ExportedUnit) throws {
        let u = exported.unit
        var out = "    <tu tuid=\"\(u.id)\" creationdate=\"\(TMXWriter.date(exported.createdAt))\" changedate=\"\(TMXWriter.date(u.changedAt))\""
        if let user = exported.user, !user.isEmpty { out += " changeid=\"\(Markup.escape(user))\"" }
        out += ">\n"
        var props: [(String, String)] = [("x-origin", u.origin.rawValue)]
        if let d = u.document { props.append(("x-document", d)) }
        if let p = u.position { props.append(("x-position", String(p))) }
        if let c = u.confidence { props.append(("x-confidence", String(format: "%.3f", c))) }
        let own = Set(props.map(\.0))
        for (key, value) in exported.provenance.sorted(by: { $0.key < $1.key }) where !key.hasPrefix("inline:") && !key.hasPrefix("lang:") {
            // Props read from a TMX keep their type; other provenance gets an x- name.
            let type = key.hasPrefix("prop:") ? String(key.dropFirst(5)) : "x-" + key.replacingOccurrences(of: " ", with: "-")
            if !own.contains(type) && !type.isEmpty { props.append((type, value)) }
        }
        for (type, value) in props { out += "      <prop type=\"\(Markup.escape(type))\">\(Markup.escape(value))</prop>\n" }
        out += "      <tuv xml:lang=\"\(Markup.escape(exported.provenance["lang:en"] ?? "en"))\"><seg>\(inline(u.en, codes: exported.provenance["inline:en"]))</seg></tuv>\n"
        out += "      <tuv xml:lang=\"\(Markup.escape(exported.provenance["lang:zh"] ?? "zh-CN"))\"><seg>\(inline(u.zh, codes: exported.provenance["inline:zh"]))</seg></tuv>\n"
        out += "    </tu>\n"
        try write(out)
    }

    public func end() throws {
        try write("  </body>\n</tmx>\n")
    }

    /// Text with placeholders turned into TMX inline elements.
    func inline(_ text: String, codes json: String?) -> String {
        var codes: [String: String] = [:]
        if let json, let data = json.data(using: .utf8), let list = try? JSONSerialization.jsonObject(with: data) as? [[String: String]] {
            // A pair's opening code comes first, then its closing one under the same number.
            for c in list { if let n = c["n"] { codes[codes[n] == nil ? n : "/" + n] = c["code"] ?? "" } }
        }
        var closers = Set<String>()
        var scan = text[...]
        while let r = scan.range(of: "⟦/") {
            let after = scan[r.upperBound...]
            if let end = after.firstIndex(of: "⟧") { closers.insert(String(after[..<end])) }
            scan = scan[r.upperBound...]
        }
        var out = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "⟦") {
            out += Markup.escape(String(rest[..<open]))
            guard let close = rest[open...].firstIndex(of: "⟧") else { out += Markup.escape(String(rest[open...])); return out }
            let label = String(rest[rest.index(after: open)..<close])
            if label.hasPrefix("/") {
                let n = String(label.dropFirst())
                out += "<ept i=\"\(Markup.escape(n))\">\(Markup.escape(codes["/" + n] ?? ""))</ept>"
            } else if closers.contains(label) {
                out += "<bpt i=\"\(Markup.escape(label))\">\(Markup.escape(codes[label] ?? ""))</bpt>"
            } else {
                out += "<ph x=\"\(Markup.escape(label))\">\(Markup.escape(codes[label] ?? ""))</ph>"
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + Markup.escape(String(rest))
    }

}
