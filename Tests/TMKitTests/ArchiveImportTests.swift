import Foundation
import Testing
import TMAlign
import TMKit
import TMSQLite
import TMText

@Suite("Importing an archive of article pairs")
struct ArchiveImportTests {
    private func folder() throws -> String {
        let path = NSTemporaryDirectory() + "tmkit-archive-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func write(_ text: String, _ path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func pairsAreFoundByNameWithOrWithoutLanguageTags() throws {
        let en = try folder(), zh = try folder()
        for name in ["budget.md", "port.en.md", "rain-en.txt", "orphan.md"] { try write("x", en + "/" + name) }
        for name in ["budget.md", "port.zh.md", "rain-zh.txt", "other.md"] { try write("x", zh + "/" + name) }
        let found = try ArchiveImport.pairs(enFolder: en, zhFolder: zh)
        #expect(found.pairs.map { ($0.en as NSString).lastPathComponent } == ["budget.md", "port.en.md", "rain-en.txt"])
        #expect(found.pairs.map { ($0.zh as NSString).lastPathComponent } == ["budget.md", "port.zh.md", "rain-zh.txt"])
        #expect(found.unmatched.map { ($0 as NSString).lastPathComponent } == ["orphan.md"])
        #expect(throws: TextInputError.self) { try ArchiveImport.pairs(enFolder: en + "/missing", zhFolder: zh) }
    }

    @Test func aListOfPairsIsReadRelativeToItsFolder() throws {
        let dir = try folder()
        try write("en\tzh\na.en.md\ta.zh.md\n\n# a comment\n/abs/b.en\t/abs/b.zh\n", dir + "/pairs.tsv")
        let pairs = try ArchiveImport.pairs(list: dir + "/pairs.tsv")
        #expect(pairs == [ArchiveImport.Pair(en: dir + "/a.en.md", zh: dir + "/a.zh.md"), ArchiveImport.Pair(en: "/abs/b.en", zh: "/abs/b.zh")])
        try write("a.en.md\ta.zh.md\nonly-one-field\n", dir + "/bad.tsv")
        do {
            _ = try ArchiveImport.pairs(list: dir + "/bad.tsv")
            Issue.record("a line with one field was accepted")
        } catch let error as TextInputError {
            #expect(error.line == 2)
            #expect(error.message.contains("a tab"))
        }
    }

    @Test func aSecondRunSkipsWhatTheFirstImportedAndABadPairDoesNotStopTheRest() throws {
        let en = try folder(), zh = try folder()
        try write("The port reopened on Monday. Ships waited for 3 days.\n", en + "/port.md")
        try write("港口周一重新开放。船只等待了3天。\n", zh + "/port.md")
        try write("Rain fell for 12 hours. Roads were closed.\n", en + "/rain.md")
        try write("Rain fell for 12 hours.\n", zh + "/rain.md")  // not Chinese: refused
        try write("The budget grew by 5%.\n", en + "/budget.md")
        try write("预算增长了5%。\n", zh + "/budget.md")
        let store = try SQLiteMemory()
        // A bare aligner (no lexicon) is unsure of short links: keep them all, this test is about resuming.
        var importer = ArticleImport(store: store, aligner: SentenceAligner())
        importer.minimumConfidence = 0
        let archive = ArchiveImport(importer: importer)
        let pairs = try ArchiveImport.pairs(enFolder: en, zhFolder: zh).pairs
        var seen: [Int] = []
        let first = try archive.run(pairs) { done, _, _ in seen.append(done) }
        #expect(seen == [1, 2, 3])
        let kinds = first.map { outcome -> String in
            switch outcome {
            case .imported: "imported"
            case .alreadyImported: "already"
            case .failed(let message): message.contains("not in Chinese") ? "failed" : message
            }
        }
        #expect(kinds == ["imported", "imported", "failed"])
        let units = try store.unitCount()
        #expect(units == 3)
        let second = try archive.run(pairs) { _, _, _ in }
        #expect(second.map { if case .alreadyImported = $0 { true } else { false } } == [true, true, false])
        #expect(try store.unitCount() == units)
        #expect(try store.stats().imports == 2)
    }
}
