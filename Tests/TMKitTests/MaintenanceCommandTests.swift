import Foundation
import Testing

/// The maintenance commands as a translator runs them: what they print,
/// their exit status, and bad input refused with nothing changed.
@Suite("Command line: keeping the memory clean", .serialized)
struct MaintenanceCommandTests {
    let tmkit: TMKitBinary
    let folder: String
    let db: String

    init() throws {
        tmkit = try TMKitBinary()
        folder = NSTemporaryDirectory() + "tmkit-maintain-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        db = folder + "/tm.sqlite"
        let pairs = "en\tzh\nThe harbour bridge closes on Monday.\t港口大桥周一关闭。\nThe zoo raised ticket prices.\t动物园提高了门票价格。\n"
        try Data(pairs.utf8).write(to: URL(fileURLWithPath: folder + "/desk.tsv"))
        #expect(try tmkit.run(["import", "tsv", "--db", db, "--user", "lin", folder + "/desk.tsv"]).status == 0)
    }

    func checksum() throws -> String {
        let stats = try tmkit.run(["stats", "--db", db, "--checksum", "--format", "json"])
        return try #require((try JSONSerialization.jsonObject(with: Data(stats.out.utf8)) as? [String: Any])?["checksum"] as? String)
    }

    @Test func aDictionaryIsStoredOnceAndNamedByLaterAlignments() throws {
        try Data("港口 港口 [gang3 kou3] /harbour/port/\n大橋 大桥 [da4 qiao2] /bridge/\n".utf8).write(to: URL(fileURLWithPath: folder + "/mini.u8"))
        let stored = try tmkit.run(["lexicon", "import", "--db", db, "--user", "lin", folder + "/mini.u8"])
        #expect(stored.status == 0)
        #expect(stored.out.contains("mini.u8: 2 entries stored"))
        #expect(try tmkit.run(["lexicon", "list", "--db", db]).out.contains("mini.u8\t2 entries"))
        try Data("The bridge opened.\n".utf8).write(to: URL(fileURLWithPath: folder + "/a.en.txt"))
        try Data("大桥通车了。\n".utf8).write(to: URL(fileURLWithPath: folder + "/a.zh.txt"))
        let imported = try tmkit.run(["import", "article", "--db", db, folder + "/a.en.txt", folder + "/a.zh.txt"])
        #expect(imported.status == 0)
        #expect(imported.err.contains("lexicon: ") && imported.err.contains("mini.u8, stored in the memory (2 entries)"))
        #expect(imported.err.contains("scorer: lexicon, numbers, names and length (no embeddings)"))
        // Not a dictionary: refused, nothing stored.
        try Data("just some words\n".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        let refused = try tmkit.run(["lexicon", "import", "--db", db, folder + "/notes.txt"])
        #expect(refused.status == 2 && refused.err.contains("no CC-CEDICT entries"))
        #expect(!(try tmkit.run(["lexicon", "list", "--db", db]).out.contains("notes.txt")))
    }

    @Test func badInputExitsTwoAndChangesNothing() throws {
        let before = try checksum()
        let refusals: [[String]] = [
            ["edit", "1", "--zh", "   "],
            ["edit", "99", "--zh", "新的"],
            ["replace", "--side", "en", "--find", "(", "--with", "x", "--regex", "--apply"],
            ["replace", "--side", "en", "--find", ".*", "--with", "", "--regex", "--apply"],
            ["replace", "--side", "en", "--find", "Atlantis", "--with", "x", "--apply"],
            ["delete", "--document", "no such document", "--yes"],
            ["delete", "1", "99", "--yes"],
            ["revert", "7"],
            ["undo-import", "7"],
        ]
        for arguments in refusals {
            let run = try tmkit.run(arguments + ["--db", db])
            #expect(run.status == 2, "\(arguments): \(run.err)")
            #expect(run.err.hasPrefix("tmkit: "), "\(arguments): \(run.err)")
        }
        #expect(try checksum() == before)
        #expect(try tmkit.run(["history", "--db", db]).out.contains("no changes"))
    }

    @Test func editHistoryRevertAndUndo() throws {
        let before = try checksum()
        let edit = try tmkit.run(["edit", "1", "--zh", "港口大桥将于周一关闭。", "--db", db, "--user", "wang"])
        #expect(edit.status == 0)
        #expect(edit.out.contains("unit 1 zh: 港口大桥周一关闭。 → 港口大桥将于周一关闭。"))
        let lookup = try tmkit.run(["lookup", "The harbour bridge closes on Monday.", "--db", db])
        #expect(lookup.out.contains("港口大桥将于周一关闭。"))
        let history = try tmkit.run(["history", "1", "--db", db])
        #expect(history.out.contains("edit") && history.out.contains("wang"))
        let preview = try tmkit.run(["delete", "2", "--db", db])
        #expect(preview.out.contains("1 units would be deleted"))
        #expect(try tmkit.run(["delete", "2", "--yes", "--db", db]).status == 0)
        #expect(try tmkit.run(["revert", "2", "--db", db]).status == 0)
        #expect(try tmkit.run(["revert", "1", "--db", db]).status == 0)
        #expect(try checksum() == before)
        let imports = try tmkit.run(["imports", "--db", db])
        #expect(imports.out.contains("lin") && imports.out.contains("desk.tsv"))
        let undo = try tmkit.run(["undo-import", "1", "--db", db])
        #expect(undo.out.contains("2 units removed"), "\(undo.out)")
        #expect(try tmkit.run(["check", "--db", db]).status == 0)
    }
}
