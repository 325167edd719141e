import Foundation
import Testing
import TMFormats
import TMGlossary
import TMKit
import TMMemory
import TMText

@Suite("Store conformance: translation jobs")
struct JobConformanceTests {
    private let memoryPairs = [
        ("The harbour bridge will close for repairs in March.", "港湾大桥将于3月因维修关闭。"),
        ("Tickets for the ferry cost $12 for adults.", "成人渡轮票价为12美元。"),
    ]
    private let recognizer = TermRecognizer(entries: [GlossaryEntry(en: "city council", zh: "市议会")])

    /// A story in Markdown: a title, a heading, paragraphs, a list, a quote; one sentence twice.
    private let story = """
        # Harbour bridge to close

        The harbour bridge will close for repairs in March. The city council approved the plan on Tuesday.

        ## What changes for commuters

        Tickets for the ferry cost $15 for adults.

        - Extra ferries will run every twenty minutes.
        - Buses will stop at the old market.

        > The city council approved the plan on Tuesday.

        Officials expect the work to last six weeks.
        """

    private func seeded(_ backend: Backend) throws -> (ScratchStore, any TranslationMemoryStore, TranslationJobs) {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let file = try writeTSV(memoryPairs)
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try FileImport(store: store).importFile(file, format: .tsv)
        return (scratch, store, TranslationJobs(memory: store, recognizer: recognizer))
    }

    private func create(_ jobs: TranslationJobs, _ text: String, file: String = "bridge.md", document: String = "bridge.md",
                        user: String = "mei") throws -> JobRecord {
        try jobs.create(bytes: Array(text.utf8), fileName: file, name: file, documentName: document, user: user)
    }

    @Test(arguments: Backend.available)
    func lifecycleFromCreationToExport(_ backend: Backend) throws {
        let (scratch, store, jobs) = try seeded(backend)
        _ = scratch
        let job = try create(jobs, story)
        var (record, segments) = try jobs.open(job.id)
        #expect(record.segments == 9)
        #expect(record.confirmed == 0)
        #expect(record.words == segments.map(\.words).reduce(0, +))
        #expect(segments.map(\.kind) == [.title, .paragraph, .paragraph, .heading, .paragraph, .listItem, .listItem, .quote, .paragraph])
        // Filled from the memory: the exact match as stored, the fare repaired for its new figure.
        #expect(segments[1].status == .draft && segments[1].match == "exact" && segments[1].zh == "港湾大桥将于3月因维修关闭。")
        #expect(segments[4].match == "repaired" && segments[4].zh == "成人渡轮票价为15美元。")
        #expect(segments[2].status == .new && segments[2].zh.isEmpty)

        // A draft is not a unit; a confirmation is, at once, with its provenance.
        let units = try store.unitCount()
        _ = try jobs.save(job: job.id, segment: 3, zh: "市议会周二批准了该计划", confirm: false, ifVersion: 0, user: "mei")
        #expect(try store.unitCount() == units)
        let saved = try jobs.save(job: job.id, segment: 3, zh: "市议会周二批准了该计划。", confirm: true, ifVersion: 1, user: "mei")
        #expect(try store.unitCount() == units + 1)
        // The same sentence later in the article (the quote) fills in as a confirmed repetition.
        #expect(saved.segments.map(\.n) == [3, 8])
        #expect(saved.segments[1].status == .confirmed && saved.segments[1].match == "repetition")
        let unitID = try #require(saved.segments[0].unitID)
        let unit = try #require(try store.unit(unitID))
        #expect(unit.origin == .translated)
        #expect(unit.document == "bridge.md")
        #expect(unit.position == 3)
        let exact = try store.lookup("The city council approved the plan on Tuesday.", language: .en, minScore: 100, limit: 1)
        #expect(exact.first?.target == "市议会周二批准了该计划。")

        // Two translators on one version: the second is refused with the current text and author.
        #expect(throws: JobError.conflict(current: saved.segments[0])) {
            try jobs.save(job: job.id, segment: 3, zh: "市议会批准了计划。", confirm: true, ifVersion: 1, user: "li")
        }
        // Editing a confirmed segment edits its unit (with its history), not a second unit.
        let edited = try jobs.save(job: job.id, segment: 3, zh: "市议会于周二批准了这项计划。", confirm: true, ifVersion: 2, user: "li")
        #expect(edited.segments[0].unitID == unitID)
        #expect(edited.change?.kind == .edit)
        #expect(try store.unitCount() == units + 1)
        #expect(try store.unit(unitID)?.zh == "市议会于周二批准了这项计划。")
        #expect(try store.history(unitID: unitID, limit: 10).map(\.kind) == [.edit, .translate])
        #expect(try jobs.open(job.id).segments[7].zh == "市议会于周二批准了这项计划。")  // the repetition follows

        for (n, zh) in [(1, "港湾大桥将关闭"), (2, "港湾大桥将于3月因维修关闭。"), (4, "通勤者有何变化"), (5, "成人渡轮票价为15美元。"),
                        (6, "每二十分钟将加开一班渡轮。")] {
            let version = try jobs.open(job.id).segments[n - 1].version
            _ = try jobs.save(job: job.id, segment: n, zh: zh, confirm: true, ifVersion: version, user: "mei")
        }
        (record, segments) = try jobs.open(job.id)
        #expect(record.confirmed == 7)
        #expect(record.confirmedWords == segments.filter { $0.status == .confirmed }.map(\.words).reduce(0, +))
        // The job's import counts the units its confirmations added (not the pair the memory held already).
        let filed = try #require(try store.imports().first { $0.id == record.importID })
        #expect(filed.added == (try store.unitCount()) - units)
        #expect(filed.added == 5 && filed.unitsNow == 5)

        // The Chinese article keeps the English blocks, in each article format.
        let englishBlocks = try ArticleReader.blocks(text: story, format: .md).map(\.kind)
        for format in [ArticleFormat.md, .html, .txt] {
            let exported = try jobs.export(job.id, format: JobExportFormat(rawValue: format.rawValue)!)
            let blocks = try ArticleReader.blocks(text: exported, format: format)
            if format == .txt {
                #expect(blocks.count == englishBlocks.count)
            } else {
                #expect(blocks.map(\.kind) == englishBlocks, "\(format)")
            }
            #expect(blocks.first?.text == "港湾大桥将关闭")
            #expect(exported.contains("成人渡轮票价为15美元。"))
            #expect(exported.contains("Buses will stop at the old market."))  // not translated yet: still English
        }
        let bilingual = try jobs.export(job.id, format: .bilingualHTML)
        #expect(bilingual.contains("<td lang=\"zh\"><p>成人渡轮票价为15美元。</p></td>"))
        #expect(bilingual.contains("<h2>Harbour bridge to close</h2>"))
        let interleaved = try jobs.export(job.id, format: .bilingualMarkdown)
        #expect(interleaved.contains("## What changes for commuters\n\n## 通勤者有何变化"))

        let tmx = try jobs.export(job.id, format: .tmx)
        let collector = UnitCollector()
        try TMXReader().read(data: Data(tmx.utf8), name: "job.tmx", into: collector)
        #expect(collector.units.count == 6)  // seven confirmed segments, the repetition sharing its unit
        #expect(collector.units.contains { $0.zh == "市议会于周二批准了这项计划。" })

        // The HTML article has the title as its page title too.
        #expect(try jobs.export(job.id, format: .html).contains("<title>港湾大桥将关闭</title>"))
        // A draft never passes for a translation: marked, or left in English on request; the TMX holds confirmed units only.
        let buses = try #require(try jobs.open(job.id).segments.first { $0.en == "Buses will stop at the old market." })
        _ = try jobs.save(job: job.id, segment: buses.n, zh: "公交车将停靠旧市场。", confirm: false, ifVersion: buses.version, user: "mei")
        let marked = try jobs.export(job.id, format: .md)
        #expect(marked.contains(JobDrafts.mark + "公交车将停靠旧市场。"))
        #expect(!marked.contains("Buses will stop at the old market."))
        let confirmedOnly = try jobs.export(job.id, format: .md, drafts: .leftOut)
        #expect(confirmedOnly.contains("Buses will stop at the old market.") && !confirmedOnly.contains("公交车将停靠旧市场"))
        #expect(try jobs.export(job.id, format: .bilingualMarkdown).contains(JobDrafts.mark + "公交车将停靠旧市场。"))
        #expect(!(try jobs.export(job.id, format: .tmx)).contains("公交车将停靠旧市场"))
        #expect(try jobs.export(job.id, format: .xliff).contains("公交车将停靠旧市场。"))  // its state says it is not final

        #expect(try store.check(quick: false).problems == [])
    }

    @Test(arguments: Backend.available)
    func aConfirmedSentenceIsAnExactMatchInAnotherJobAndANewVersionReusesContext(_ backend: Backend) throws {
        let (scratch, store, jobs) = try seeded(backend)
        _ = scratch
        let first = try create(jobs, story)
        for segment in try jobs.open(first.id).segments where segment.status != .confirmed {
            _ = try jobs.save(job: first.id, segment: segment.n, zh: "译文\(segment.n)：" + segment.en.prefix(8), confirm: true,
                              ifVersion: nil, user: "mei")
        }
        let translated = try jobs.open(first.id).segments

        // Another story holding one of its sentences: an exact match at once.
        let other = try create(jobs, "Officials expect the work to last six weeks. Nothing else is known.", file: "other.txt", document: "other.txt")
        let otherSegments = try jobs.open(other.id).segments
        #expect(otherSegments[0].match == "exact")
        #expect(otherSegments[0].zh == translated[8].zh)

        // The next version of the same story: one sentence changed.
        let update = story.replacingOccurrences(of: "to last six weeks", with: "to last seven weeks")
        let second = try create(jobs, update, file: "bridge-v2.md", document: "bridge.md", user: "li")
        #expect(second.previousJob == first.id)
        let reused = try jobs.open(second.id).segments
        #expect(reused[0].match == "context" && reused[0].score == 101 && reused[0].zh == translated[0].zh)
        #expect(reused[5].match == "context")
        #expect(reused.allSatisfy { $0.status != .confirmed })  // still the translator's to confirm
        #expect(reused[8].match == "fuzzy" && reused[8].zh == translated[8].zh)
        #expect((reused[8].score ?? 0) < 100)
        _ = store
    }

    @Test(arguments: Backend.available)
    func xliffRoundTripThroughAnotherTool(_ backend: Backend) throws {
        let (scratch, store, jobs) = try seeded(backend)
        _ = scratch
        let job = try create(jobs, story)
        _ = try jobs.save(job: job.id, segment: 1, zh: "港湾大桥将关闭", confirm: true, ifVersion: nil, user: "mei")
        var xliff = try jobs.export(job.id, format: .xliff)
        // The other tool translates segment 3 (final) and drafts segment 9 (initial); the rest stays as it was.
        // (Segment 8 repeats segment 3: only the first is translated there.)
        xliff = replacingFirst(in: xliff, """
            <segment state="initial">
                    <source>The city council approved the plan on Tuesday.</source>
            """, with: """
            <segment state="final">
                    <source>The city council approved the plan on Tuesday.</source>
                    <target>市议会周二批准了该计划。</target>
            """)
        xliff = xliff.replacingOccurrences(of: """
            <source>Officials expect the work to last six weeks.</source>
            """, with: """
            <source>Officials expect the work to last six weeks.</source>
                    <target>官员预计工程将持续六周。</target>
            """)
        #expect(xliff.contains("官员预计") && xliff.contains("state=\"final\""))
        let path = NSTemporaryDirectory() + "tmkit-job-\(UUID().uuidString).xlf"
        try Data(xliff.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        // Another job's file is refused whole.
        let other = try create(jobs, "A different story entirely.", file: "other.txt", document: "other.txt")
        let units = try store.unitCount()
        #expect(throws: JobError.self) { try jobs.importXLIFF(other.id, path: path, user: "li") }
        #expect(try store.unitCount() == units)

        let result = try jobs.importXLIFF(job.id, path: path, user: "li")
        #expect(result.confirmed == 1)
        #expect(result.unchanged == 1)
        let segments = try jobs.open(job.id).segments
        #expect(segments[2].status == .confirmed && segments[2].zh == "市议会周二批准了该计划。" && segments[2].changedBy == "li")
        #expect(segments[7].status == .confirmed)  // its repetition
        #expect(segments[8].status == .new)  // drafted over there, not final: left as it was
        #expect(segments[1].status == .draft)
        #expect(try store.lookup("The city council approved the plan on Tuesday.", language: .en, minScore: 100, limit: 1).first?.target
            == "市议会周二批准了该计划。")
        #expect(try store.check(quick: false).problems == [])
    }

    @Test(arguments: Backend.available)
    func jobsTravelWithACopy(_ backend: Backend) throws {
        let (scratch, source, jobs) = try seeded(backend)
        _ = scratch
        let job = try create(jobs, story)
        _ = try jobs.save(job: job.id, segment: 3, zh: "市议会周二批准了该计划。", confirm: true, ifVersion: nil, user: "mei")
        let copyScratch = try ScratchStore(.sqlite)
        let target = try copyScratch.open()
        _ = try MemoryCopy(from: source, to: target, sourceName: "source").run()
        #expect(try JobCopy.run(from: source, to: target) == 1)
        #expect(try JobCopy.run(from: source, to: target) == 0, "a copy run again does not copy the jobs twice")
        let copied = TranslationJobs(memory: target, recognizer: recognizer)
        let record = try #require(try copied.list().first)
        let (original, segments) = (try jobs.open(job.id).segments, try copied.open(record.id).segments)
        #expect(segments.map(\.zh) == original.map(\.zh))
        #expect(segments.map(\.status) == original.map(\.status))
        #expect(record.confirmed == 2)
        let unitID = try #require(segments[2].unitID)
        #expect(try target.unit(unitID)?.zh == "市议会周二批准了该计划。")
        #expect(try target.check(quick: false).problems == [])
    }

    @Test(arguments: Backend.available)
    func jobsSurviveABackupAndItsRestore(_ backend: Backend) throws {
        let (scratch, store, jobs) = try seeded(backend)
        let job = try create(jobs, story)
        _ = try jobs.save(job: job.id, segment: 3, zh: "市议会周二批准了该计划。", confirm: true, ifVersion: nil, user: "mei")
        let folder = NSTemporaryDirectory() + "tmkit-job-backup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try MemoryMaintenance.backup(scratch.location, to: folder + "/backup.sqlite")
        // Work after the backup: another confirmation and another job, both gone with the restore.
        _ = try jobs.save(job: job.id, segment: 1, zh: "港湾大桥将关闭", confirm: true, ifVersion: nil, user: "mei")
        _ = try create(jobs, "A later story.", file: "later.txt", document: "later.txt")
        #expect(try MemoryMaintenance.restore(scratch.location, from: folder + "/backup.sqlite").report.ok)

        let restored = TranslationJobs(memory: try scratch.open(), recognizer: recognizer)
        let list = try restored.list()
        #expect(list.map(\.name) == ["bridge.md"])
        let segments = try restored.open(list[0].id).segments
        #expect(segments[2].status == .confirmed && segments[2].zh == "市议会周二批准了该计划。")
        #expect(segments[0].status == .new)  // confirmed only after the backup
        #expect(try restored.memory.unit(try #require(segments[2].unitID))?.zh == "市议会周二批准了该计划。")
        // Confirming in the restored job works as before.
        _ = try restored.save(job: list[0].id, segment: 1, zh: "港湾大桥将关闭", confirm: true, ifVersion: nil, user: "mei")
        #expect(try restored.memory.check(quick: false).problems == [])
        _ = store
    }

    @Test(arguments: Backend.available)
    func checkFindsJobsDamagedFromOutside(_ backend: Backend) throws {
        let (scratch, store, jobs) = try seeded(backend)
        let job = try create(jobs, story)
        _ = try jobs.save(job: job.id, segment: 3, zh: "市议会周二批准了该计划。", confirm: true, ifVersion: nil, user: "mei")
        // Deleting a confirmed segment's unit is a change, not damage.
        let unit = try #require(try jobs.open(job.id).segments[2].unitID)
        _ = try store.delete(units: [unit], by: ChangeAuthor(user: "mei", command: "test"))
        #expect(try store.check(quick: false).problems == [])
        try scratch.damage("UPDATE job_segments SET unit_id = NULL WHERE n = 3")
        try scratch.damage("DELETE FROM job_segments WHERE n = 5")
        let problems = try scratch.open().check(quick: false).problems
        #expect(problems.contains("job \(job.id): its segments are not numbered 1…8"))
        #expect(problems.contains("job \(job.id), segment 3: confirmed without a translation stored as a unit"))
    }

    @Test(arguments: Backend.available)
    func emptyAndBinaryArticlesAreRefused(_ backend: Backend) throws {
        let (scratch, store, jobs) = try seeded(backend)
        _ = scratch
        #expect(throws: JobError.emptyArticle("empty.txt")) { try create(jobs, "  \n\n", file: "empty.txt") }
        #expect(throws: TextInputError.self) {
            try jobs.create(bytes: [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0x00], fileName: "story.docx", name: "story.docx",
                            documentName: "story.docx", user: "mei")
        }
        #expect(try jobs.list().isEmpty)
        let problems = jobs.check(en: "Tickets cost $15.", zh: "票价为16美元。")
        #expect(problems.map(\.kind) == [.numberMismatch, .numberMismatch])
        #expect(problems.map(\.message) == ["“$15” has no matching number in the Chinese", "“16” has no matching number in the English"])
        #expect(try jobs.check(en: "The city council met.", zh: "议会开会了。").map(\.kind) == [.missingRendering])
        _ = store
    }
}

private func replacingFirst(in text: String, _ target: String, with replacement: String) -> String {
    guard let range = text.range(of: target) else { return text }
    return text.replacingCharacters(in: range, with: replacement)
}
