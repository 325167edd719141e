import Foundation
import TMText
import TMMemory

/// Exports for people and other tools, one unit after another: XLIFF 2.1
/// (every unit a translated segment), a side-by-side bilingual HTML page
/// (printable; an aligned article's headings and paragraphs rebuilt), and
/// Markdown with each English paragraph followed by its Chinese (for newsletters).
public enum BilingualWriters {
    public static func xliffBegin(original: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="zh-CN">
          <file id="f1" original="\(Markup.escape(original))">

        """
    }

    public static func xliffUnit(_ u: ExportedUnit) -> String {
        """
            <unit id="u\(u.unit.id)">
              <segment state="translated">
                <source>\(Markup.escape(u.unit.en))</source>
                <target>\(Markup.escape(u.unit.zh))</target>
              </segment>
            </unit>

        """
    }

    public static let xliffEnd = "  </file>\n</xliff>\n"

    public static func htmlBegin(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(Markup.escape(title))</title>
        <style>body{font-family:"Noto Sans","WenQuanYi Zen Hei",sans-serif;margin:2em}table{border-collapse:collapse;width:100%}
        td{vertical-align:top;padding:.4em .8em;border-bottom:1px solid #ddd;width:50%}@media print{tr{break-inside:avoid}}</style>
        </head><body><h1>\(Markup.escape(title))</h1><table>

        """
    }

    public static func htmlRow(_ u: ExportedUnit) -> String {
        "<tr><td>\(Markup.escape(u.unit.en))</td><td lang=\"zh\">\(Markup.escape(u.unit.zh))</td></tr>\n"
    }

    /// One block of an article (its units joined), as a table row; headings and titles as headings.
    public static func htmlBlock(_ units: [ExportedUnit]) -> String {
        let en = units.map { Markup.escape($0.unit.en) }.joined(separator: " ")
        let zh = units.map { Markup.escape($0.unit.zh) }.joined()
        switch units.first?.provenance["kind"] {
        case "title": return "<tr><td><h2>\(en)</h2></td><td lang=\"zh\"><h2>\(zh)</h2></td></tr>\n"
        case "heading": return "<tr><td><h3>\(en)</h3></td><td lang=\"zh\"><h3>\(zh)</h3></td></tr>\n"
        case "list-item": return "<tr><td>• \(en)</td><td lang=\"zh\">• \(zh)</td></tr>\n"
        default: return "<tr><td><p>\(en)</p></td><td lang=\"zh\"><p>\(zh)</p></td></tr>\n"
        }
    }

    /// One block in Markdown: the English paragraph, then its Chinese.
    public static func markdownBlock(_ units: [ExportedUnit]) -> String {
        let en = units.map(\.unit.en).joined(separator: " "), zh = units.map(\.unit.zh).joined()
        switch units.first?.provenance["kind"] {
        case "title": return "# \(en)\n\n# \(zh)\n\n"
        case "heading": return "## \(en)\n\n## \(zh)\n\n"
        case "list-item": return "- \(en)\n- \(zh)\n\n"
        default: return en + "\n\n" + zh + "\n\n"
        }
    }

    /// Groups consecutive units of the same article block (units from aligned
    /// articles carry their block; others are a block each).
    public struct BlockGrouper {
        private var pending: [ExportedUnit] = []
        private let emit: ([ExportedUnit]) -> Void

        public init(_ emit: @escaping ([ExportedUnit]) -> Void) { self.emit = emit }

        public mutating func add(_ u: ExportedUnit) {
            if let last = pending.last, let block = u.provenance["block"],
               block == last.provenance["block"], u.unit.document == last.unit.document {
                pending.append(u)
                return
            }
            flush()
            pending = [u]
        }

        public mutating func flush() {
            if !pending.isEmpty { emit(pending) }
            pending = []
        }
    }

    public static let htmlEnd = "</table></body></html>\n"


}
