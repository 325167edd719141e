import Foundation
import TMMemory
import TMText

/// A job as XLIFF 2.1 for another CAT tool: one unit per segment, its id
/// naming the job and the segment (`job7-s12`) so the file can only come
/// back to its own job. Confirmed segments are `final`, drafts `initial`
/// with their target, new ones without a target.
public enum JobXLIFF {
    public static func unitID(job: Int64, segment n: Int) -> String { "job\(job)-s\(n)" }

    /// The segment number an id names, when it names a segment of this job.
    public static func segment(from id: String, job: Int64) -> Int? {
        let prefix = "job\(job)-s"
        guard id.hasPrefix(prefix), let n = Int(id.dropFirst(prefix.count)), n > 0 else { return nil }
        return n
    }

    /// States of a translated segment, in XLIFF 2.x and 1.2.
    public static let doneStates: Set<String> = ["translated", "final", "reviewed", "signed-off"]

    public static func write(job: JobRecord, segments: [JobSegment]) -> String {
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="zh-CN">
          <file id="job\(job.id)" original="\(Markup.escape(job.documentName))">

        """
        for s in segments {
            out += "    <unit id=\"\(unitID(job: job.id, segment: s.n))\">\n"
            if let match = s.match, s.status != .confirmed {
                out += "      <notes><note category=\"tmkit\">\(Markup.escape("\(match) match \(s.score.map { "\($0)%" } ?? "")"))</note></notes>\n"
            }
            let state = s.status == .confirmed ? "final" : "initial"
            out += "      <segment state=\"\(state)\">\n        <source>\(Markup.escape(s.en))</source>\n"
            if !s.zh.isEmpty { out += "        <target>\(Markup.escape(s.zh))</target>\n" }
            out += "      </segment>\n    </unit>\n"
        }
        return out + "  </file>\n</xliff>\n"
    }
}
