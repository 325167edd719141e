import Foundation
import Testing
import TMGlossary
import TMKit
import TMMemory
import TMText

@Suite("Store conformance: fragment recall")
struct FragmentConformanceTests {
    private let pairs = [
        ("The port authority said it would keep the northern terminal closed this week.", "港务局表示，本周将继续关闭北码头。"),
        ("Engineers fear the storm would keep the northern terminal closed until spring.", "工程师担心，风暴将使北码头关闭到春季。"),
        ("The World Health Organization praised the vaccination drive.", "世界卫生组织赞扬了这次疫苗接种运动。"),
        ("Fishing boats returned to the harbour before dawn.", "渔船在黎明前返回港口。"),
    ]

    private func store(_ backend: Backend) throws -> (ScratchStore, any TranslationMemoryStore) {
        let scratch = try ScratchStore(backend)
        let store = try scratch.open()
        let file = try writeTSV(pairs)
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try FileImport(store: store).importFile(file, format: .tsv)
        return (scratch, store)
    }

    @Test(arguments: Backend.available)
    func aSharedFivePhraseComesBackWithItsTranslation(_ backend: Backend) throws {
        let (scratch, store) = try store(backend)
        _ = scratch
        let query = "Officials hope the repairs would keep the northern terminal closed for only a day."
        let finder = MatchFinder(memory: store, recognizer: nil)
        #expect(try finder.lookup(query, language: .en, minScore: 70, limit: 5).isEmpty)
        let fragments = try finder.fragments(query, language: .en)
        let phrase = try #require(fragments.first { $0.text.contains("northern terminal") })
        #expect(phrase.text == "would keep the northern terminal closed")
        #expect(phrase.count == 2 && !phrase.more)
        #expect(phrase.translation?.contains("北码头") == true)
        #expect(phrase.agreeing == 2)
        #expect(Array(query.utf8)[phrase.start..<phrase.end].elementsEqual(phrase.text.utf8))
        // Nothing shorter than three words, nothing the memory does not hold.
        #expect(fragments.allSatisfy { $0.text.split(separator: " ").count >= 3 })
        #expect(try finder.fragments("Completely unrelated words about cooking pasta tonight.", language: .en).isEmpty)
    }

    @Test(arguments: Backend.available)
    func aPhraseInsideAGlossaryTermIsThatTerm(_ backend: Backend) throws {
        let (scratch, store) = try store(backend)
        _ = scratch
        let finder = MatchFinder(memory: store, recognizer: TermRecognizer(entries: [GlossaryEntry(en: "World Health Organization", zh: "世卫组织")]))
        let fragments = try finder.fragments("Delegates asked World Health Organization officials for more money.", language: .en)
        let term = try #require(fragments.first)
        #expect(term.glossaryTerm == "World Health Organization")
        #expect(term.text == "World Health Organization")
        #expect(term.translation == "世卫组织")
        #expect(term.count == 1)
    }

    @Test(arguments: Backend.available)
    func chinesePhrasesOfFourCharactersOrMore(_ backend: Backend) throws {
        let (scratch, store) = try store(backend)
        _ = scratch
        let fragments = try store.fragments(of: "暴雨过后，北码头关闭了两天。", language: .zh, limit: 5)
        #expect(fragments.map(\.text) == ["北码头关闭"])
        #expect(fragments.first?.count == 1)
    }
}
