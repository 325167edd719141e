import Foundation
import TMText
import TMGlossary

/// The coverage report as one standalone HTML page: inline CSS and SVG,
/// nothing fetched from the network; a bar per band, then every segment in
/// its band's colour with its best match and that match's translation, and
/// glossary terms highlighted. All text from articles and the memory is escaped.
public enum CoverageHTML {
    static let colours: [CoverageBand: String] = [
        .context: "#1b5e20", .exact: "#2e7d32", .repaired: "#00796b", .high: "#558b2f", .good: "#9e9d24", .fair: "#f9a825",
        .low: "#ef6c00", .new: "#c62828", .repetitions: "#5c6bc0",
    ]

    public static func page(_ reports: [CoverageReport], total: CoverageReport) -> String {
        var body = ""
        for report in reports { body += section(report) }
        if reports.count > 1 { body += "<h2>Total</h2>" + bars(total) }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Coverage report</title>
        <style>
        body{font-family:"Noto Sans","WenQuanYi Zen Hei",sans-serif;margin:2em;color:#222}
        table{border-collapse:collapse;margin:1em 0}td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:right}
        td:first-child,th:first-child{text-align:left}.seg{border-left:.5em solid;padding:.3em .8em;margin:.4em 0}
        .seg .match{color:#555;font-size:.9em}mark{background:#fff59d}.score{font-weight:bold}
        @media print{.seg{break-inside:avoid}}
        </style></head><body>
        <h1>Coverage report</h1>
        \(body)
        </body></html>
        """
    }

    static func section(_ r: CoverageReport) -> String {
        var out = "<h2>\(Markup.escape(r.file))</h2>" + bars(r)
        out += String(format: "<p>Covered at 75%% or more: <b>%.1f%%</b> of %d words. Glossary terms: %d distinct, %d occurrences, %d with an approved rendering.</p>",
                      r.coveredShare * 100, r.totalWords, r.distinctTerms, r.termOccurrences, r.termsWithApprovedRendering)
        for s in r.segments {
            let colour = colours[s.band] ?? "#999"
            out += "<div class=\"seg\" style=\"border-color:\(colour)\"><span class=\"score\" style=\"color:\(colour)\">\(Markup.escape(label(s)))</span> "
            out += highlighted(s.text, s.terms)
            if let match = s.match, let translation = s.translation {
                let shown = s.repaired.map { marked($0) } ?? Markup.escape(translation)
                out += "<div class=\"match\">\(Markup.escape(match))<br><span lang=\"zh\">\(shown)</span></div>"
            }
            out += "</div>\n"
        }
        return out
    }

    static func label(_ s: CoverageSegment) -> String {
        switch s.band {
        case .context: return "context"
        case .repetitions: return "repetition"
        case .new: return "new"
        case .repaired: return "repaired \(s.score ?? 0)%"
        default: return "\(s.score ?? 0)%"
        }
    }

    /// A repaired translation with the replaced values in <mark>.
    static func marked(_ r: RepairedTarget) -> String {
        let bytes = Array(r.text.utf8)
        var out = "", cursor = 0
        for range in r.marked {
            out += Markup.escape(String(decoding: bytes[cursor..<range.lowerBound], as: UTF8.self))
            out += "<mark>" + Markup.escape(String(decoding: bytes[range], as: UTF8.self)) + "</mark>"
            cursor = range.upperBound
        }
        return out + Markup.escape(String(decoding: bytes[cursor...], as: UTF8.self))
    }

    /// A table and an SVG bar per band, widths by words.
    static func bars(_ r: CoverageReport) -> String {
        let total = max(1, r.totalWords)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"\(CoverageBand.allCases.count * 26)\" role=\"img\" aria-label=\"words per band\">"
        var table = "<table><tr><th>band</th><th>segments</th><th>words</th></tr>"
        for (k, band) in CoverageBand.allCases.enumerated() {
            let count = r.bands[band] ?? BandCount()
            let width = Int(Double(count.words) / Double(total) * 480)
            let y = k * 26
            svg += "<text x=\"0\" y=\"\(y + 17)\" font-size=\"13\">\(Markup.escape(band.rawValue))</text>"
            svg += "<rect x=\"110\" y=\"\(y + 4)\" width=\"\(max(width, count.words > 0 ? 2 : 0))\" height=\"18\" fill=\"\(colours[band] ?? "#999")\"/>"
            svg += "<text x=\"\(116 + width)\" y=\"\(y + 17)\" font-size=\"12\">\(count.words)</text>"
            table += "<tr><td>\(Markup.escape(band.rawValue))</td><td>\(count.segments)</td><td>\(count.words)</td></tr>"
        }
        return svg + "</svg>" + table + "<tr><th>total</th><th>\(r.totalSegments)</th><th>\(r.totalWords)</th></tr></table>"
    }

    /// The text with glossary term ranges (UTF-8 offsets) in <mark>, everything escaped.
    static func highlighted(_ text: String, _ terms: [TermHit]) -> String {
        let bytes = Array(text.utf8)
        var out = "", position = 0
        for hit in terms.sorted(by: { $0.start < $1.start }) where hit.start >= position && hit.end <= bytes.count {
            out += Markup.escape(String(decoding: bytes[position..<hit.start], as: UTF8.self))
            out += "<mark title=\"\(Markup.escape(hit.en + " = " + hit.zh))\">\(Markup.escape(String(decoding: bytes[hit.start..<hit.end], as: UTF8.self)))</mark>"
            position = hit.end
        }
        return out + Markup.escape(String(decoding: bytes[position...], as: UTF8.self))
    }

}
