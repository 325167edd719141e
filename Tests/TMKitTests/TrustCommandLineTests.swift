import Foundation
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Where the data is and what goes into it, tried as a new user would: from
/// another folder, with a wrong folder, outside any workspace.
@Suite("Trust on the command line", .serialized)
struct TrustCommandLineTests {
    private func glossaryCount(_ tmkit: TMKitBinary, db: String, in folder: String) throws -> Int {
        let listed = try tmkit.run(["glossary", "list", "--db", db, "--format", "json"], directory: folder)
        #expect(listed.status == 0, "\(listed.err)")
        return (try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [Any])?.count ?? -1
    }

    @Test func theGlossarySurvivesAStrayFolderAndNoMemoryAppearsOutsideAWorkspace() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite"
        let made = try tmkit.run(["glossary", "lookup", "AWS", "--db", db, "--glossary", packageRoot + "/glossary"], directory: dir)
        #expect(made.status == 0 && made.out.contains("亚马逊云科技"), "\(made.err)")
        #expect(made.err.contains("created a new, empty memory") && made.err.contains("no seed imported"))
        let entries = try glossaryCount(tmkit, db: db, in: dir)
        #expect(entries > 100)

        // From a folder with no glossary/ and outside any workspace: the stored glossary answers and stays whole.
        let elsewhere = try scratchFolder()
        let lookup = try tmkit.run(["glossary", "lookup", "AWS", "--db", db], directory: elsewhere)
        #expect(lookup.status == 0 && lookup.out.contains("亚马逊云科技"), "\(lookup.err)")
        #expect(try glossaryCount(tmkit, db: db, in: elsewhere) == entries)

        // A glossary folder that does not exist is an error, not an empty glossary.
        let missing = try tmkit.run(["glossary", "lookup", "AWS", "--db", db, "--glossary", "/nonexistent"], directory: elsewhere)
        #expect(missing.status == 2)
        #expect(missing.err.contains("/nonexistent: no such glossary folder"))
        #expect(try glossaryCount(tmkit, db: db, in: elsewhere) == entries)

        // An empty folder would remove every entry: refused, naming the explicit sync.
        try FileManager.default.createDirectory(atPath: elsewhere + "/empty", withIntermediateDirectories: true)
        let empty = try tmkit.run(["coverage", "--db", db, "--glossary", elsewhere + "/empty", packageRoot + "/examples/cloud-alliance.en.md"], directory: elsewhere)
        #expect(empty.status == 2)
        #expect(empty.err.contains("would remove \(entries) entries") && empty.err.contains("tmkit glossary sync"))
        #expect(try glossaryCount(tmkit, db: db, in: elsewhere) == entries)
        let dryRun = try tmkit.run(["glossary", "sync", elsewhere + "/empty", "--db", db], directory: elsewhere)
        #expect(dryRun.status == 2 && dryRun.out.contains("\(entries) to remove"))
        #expect(try glossaryCount(tmkit, db: db, in: elsewhere) == entries)

        // Outside any workspace and without --db: refused, and no memory is created there.
        for command in [["stats"], ["job", "list"], ["lookup", "Cloud revenue rose."]] {
            let stray = try tmkit.run(command, directory: elsewhere)
            #expect(stray.status == 2, "\(command)")
            #expect(stray.err.contains("tmkit init") && stray.err.contains("--db"))
        }
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/memory"))

        // tmkit init makes the folder a workspace: commands below it use its memory and say where it is.
        let initialised = try tmkit.run(["init"], directory: elsewhere)
        #expect(initialised.status == 0, "\(initialised.err)")
        try FileManager.default.createDirectory(atPath: elsewhere + "/desk/today", withIntermediateDirectories: true)
        let stats = try tmkit.run(["stats"], directory: elsewhere + "/desk/today")
        #expect(stats.status == 0, "\(stats.err)")
        #expect(stats.out.contains((elsewhere as NSString).resolvingSymlinksInPath + "/memory/tm.sqlite") || stats.out.contains(elsewhere + "/memory/tm.sqlite"))
        #expect(stats.out.contains("/glossary"))
        #expect(try tmkit.run(["init"], directory: elsewhere).status == 2)
    }

    @Test func editTakesTheIdThatTheLookupTableShows() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite"
        // Ids follow other imports, so the unit's id is not its row in this file.
        let first = "en\tzh\nThe museum opens at nine.\t博物馆九点开门。\nThe library closes at six.\t图书馆六点关门。\n"
        try Data(first.utf8).write(to: URL(fileURLWithPath: dir + "/first.tsv"))
        let pairs = "en\tzh\nThe zoo is closed on Monday.\t动物园周一闭馆。\nThe park is open all night.\t公园通宵开放。\n"
        try Data(pairs.utf8).write(to: URL(fileURLWithPath: dir + "/pairs.tsv"))
        #expect(try tmkit.run(["import", "tsv", "--db", db, dir + "/first.tsv", dir + "/pairs.tsv"]).status == 0)

        let table = try tmkit.run(["lookup", "--db", db, "The park is open all night."])
        #expect(table.status == 0)
        #expect(!table.out.contains("#"))
        let id = try #require(table.out.split(separator: "\n").lazy.compactMap { line -> Int? in
            guard let range = line.range(of: "unit ") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }.first)
        #expect(id == 4)
        let edited = try tmkit.run(["edit", "--db", db, String(id), "--zh", "公园整夜开放。"])
        #expect(edited.status == 0, "\(edited.err)")
        let after = try tmkit.run(["lookup", "--db", db, "--format", "json", "The park is open all night."])
        let match = try #require((try JSONSerialization.jsonObject(with: Data(after.out.utf8)) as? [[String: Any]])?.first)
        #expect(match["target"] as? String == "公园整夜开放。")
        #expect(match["unit"] as? Int == id)
        let zoo = try tmkit.run(["lookup", "--db", db, "--format", "json", "The zoo is closed on Monday."])
        #expect(zoo.out.contains("动物园周一闭馆。"))
    }

    @Test func importListsEverySkippedRowWithItsPlace() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite"
        let rows = "en\tzh\nPrices rose.\t物价上涨。\n物价上涨。\t物价上涨了。\nSame.\tSame.\nEmpty Chinese.\t\nRents fell.\t房租下降。\n"
        try Data(rows.utf8).write(to: URL(fileURLWithPath: dir + "/rows.tsv"))
        let strict = try tmkit.run(["import", "tsv", "--db", db, "--strict", dir + "/rows.tsv"])
        #expect(strict.status == 2)
        #expect(strict.err.contains("rows.tsv:3:1: Chinese text on the English side") && strict.err.contains("rows.tsv:5:16: the Chinese side is empty"))
        let imported = try tmkit.run(["import", "tsv", "--db", db, "--rejects", dir + "/rejects.tsv", dir + "/rows.tsv"])
        #expect(imported.status == 0)
        #expect(imported.out.contains("2 added, 0 duplicates, 3 skipped"))
        #expect(imported.err.contains("rows.tsv:4:1: both sides are the same text"))
        let rejects = try String(contentsOfFile: dir + "/rejects.tsv", encoding: .utf8)
        #expect(rejects.split(separator: "\n").count == 4)
        #expect(rejects.contains("\t5\t16\tthe Chinese side is empty"))
        // csv is an alias of the delimited reader, and an empty file is refused.
        try Data("en,zh\nTaxes rose.,税收增加。\n".utf8).write(to: URL(fileURLWithPath: dir + "/rows.csv"))
        #expect(try tmkit.run(["import", "csv", "--db", db, dir + "/rows.csv"]).out.contains("1 added"))
        let missing = try tmkit.run(["import", "tsv", "--db", db, dir + "/absent.tsv"])
        #expect(missing.status == 2 && !missing.err.contains(":0:0:"))
    }

    @Test func documentsAreListedAndAnUnknownOneIsNamedWithTheClosest() throws {
        let tmkit = try TMKitBinary()
        let dir = try scratchFolder()
        let db = dir + "/tm.sqlite"
        try Data("en\tzh\nThe museum opens at nine.\t博物馆九点开门。\nThe zoo is closed.\t动物园闭馆。\n".utf8).write(to: URL(fileURLWithPath: dir + "/museum.tsv"))
        try Data("en\tzh\nThe zoo is closed.\t动物园闭馆。\nThe park is open.\t公园开放。\n".utf8).write(to: URL(fileURLWithPath: dir + "/parks.tsv"))
        #expect(try tmkit.run(["import", "tsv", "--db", db, dir + "/museum.tsv", dir + "/parks.tsv"]).status == 0)
        let listed = try tmkit.run(["documents", "--db", db, "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["name"] as? String } == ["museum.tsv", "parks.tsv"])
        #expect(entries.map { $0["units"] as? Int } == [2, 1])
        #expect(entries.map { $0["shared"] as? Int } == [0, 1])
        let unknown = try tmkit.run(["export", "md", "--db", db, "--document", "park.tsv"])
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("no document “park.tsv”") && unknown.err.contains("parks.tsv"))
        #expect(unknown.out.isEmpty)
    }

    @Test func usageErrorsExitTwoAndNameTheNearestCommand() throws {
        let tmkit = try TMKitBinary()
        let typo = try tmkit.run(["lokup", "x"])
        #expect(typo.status == 2 && typo.err.contains("did you mean `lookup`?"))
        #expect(try tmkit.run(["lookup", "--min", "140", "x", "--db", try scratchFolder() + "/tm.sqlite"]).status == 2)
        let version = try tmkit.run(["--version"])
        #expect(version.status == 0 && !version.out.isEmpty)
    }

    @Test func theExampleArticlePassesItsOwnGlossaryCheck() throws {
        let tmkit = try TMKitBinary()
        let db = try scratchFolder() + "/tm.sqlite"
        let check = try tmkit.run(["glossary", "check", "--db", db, "--glossary", packageRoot + "/glossary",
                                   packageRoot + "/examples/cloud-alliance.en.md", packageRoot + "/examples/cloud-alliance.zh.md"])
        #expect(check.status == 0, "\(check.out)")
    }
}
