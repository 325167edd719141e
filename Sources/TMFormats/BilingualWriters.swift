import Foundation
import TMStore

/// Exports for people and other tools, one unit after another: XLIFF 2.1
/// (every unit a translated segment), a side-by-side bilingual HTML page
/// (printable), and Markdown with each English paragraph followed by its
/// Chinese (for newsletters).
public enum BilingualWriters {
    public static func xliffBegin(original: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="zh-CN">
          <file id="f1" original="\(TBX.escape(original))">

        """
    }

    public static func xliffUnit(_ u: ExportedUnit) -> String {
        """
            <unit id="u\(u.unit.id)">
              <segment state="translated">
                <source>\(TBX.escape(u.unit.en))</source>
                <target>\(TBX.escape(u.unit.zh))</target>
              </segment>
            </unit>

        """
    }

    public static let xliffEnd = "  </file>\n</xliff>\n"

    public static func htmlBegin(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(TBX.escape(title))</title>
        <style>body{font-family:"Noto Sans","WenQuanYi Zen Hei",sans-serif;margin:2em}table{border-collapse:collapse;width:100%}
        td{vertical-align:top;padding:.4em .8em;border-bottom:1px solid #ddd;width:50%}@media print{tr{break-inside:avoid}}</style>
        </head><body><h1>\(TBX.escape(title))</h1><table>

        """
    }

    public static func htmlRow(_ u: ExportedUnit) -> String {
        "<tr><td>\(TBX.escape(u.unit.en))</td><td lang=\"zh\">\(TBX.escape(u.unit.zh))</td></tr>\n"
    }

    public static let htmlEnd = "</table></body></html>\n"

    public static func markdown(_ u: ExportedUnit) -> String {
        u.unit.en + "\n\n" + u.unit.zh + "\n\n"
    }
}
