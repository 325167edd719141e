import Testing
import TMGlossary
import TMMemory
import TMSQLite

@Suite("Memory: glossary tables")
struct GlossaryStoreTests {
    @Test func replaceMergeAndRemove() throws {
        let store = try SQLiteMemory()
        let first = try store.replaceGlossary(source: "glossary/a.tsv", sha256: "1", entries: [
            GlossaryEntry(en: "chip", zh: "芯片"), GlossaryEntry(en: "Chip", zh: "芯片", note: "duplicate in case"),
        ])
        #expect(first.added == 1)
        #expect(first.merged == 1)
        #expect(try store.glossaryEntries().first?.note == "duplicate in case")
        _ = try store.addGlossaryEntries([GlossaryEntry(en: "cloud", zh: "雲", source: "manual")])
        #expect(try store.glossaryEntries().count == 2)
        #expect(try store.glossarySourceHashes() == ["glossary/a.tsv": "1"])
        _ = try store.replaceGlossary(source: "glossary/a.tsv", sha256: "2", entries: [GlossaryEntry(en: "server", zh: "服务器")])
        #expect(Set(try store.glossaryEntries().map(\.en)) == ["server", "cloud"])
        try store.removeGlossarySource("glossary/a.tsv")
        #expect(try store.glossaryEntries().map(\.en) == ["cloud"])
    }
}
