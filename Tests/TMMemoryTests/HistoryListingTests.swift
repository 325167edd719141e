import Foundation
import Testing
import TMMemory

@Suite("History records")
struct HistoryListingTests {
    @Test func aUnitStateSurvivesTheHistoryExactly() throws {
        let awkward = UnitSnapshot(
            en: "Quotes \"inside\", a back\\slash, a tab\there,\na new line, \u{1} and \u{7F} and 🚢.",
            zh: "引号“里面”，换行\r\n和表情🙂。", origin: "tsv", importID: 3, documentID: nil, position: 0,
            confidence: 0.125, createdAt: 1_796_000_000, changedAt: 1_796_000_100, changedBy: "lin \"the editor\"",
            provenance: #"{"note":"a \"quoted\" note"}"#, version: 4, alsoImportedBy: [5, 9])
        let plain = UnitSnapshot(en: "Plain.", zh: "平常。", origin: "manual", importID: nil, documentID: 2, position: nil,
                                 confidence: nil, createdAt: 0, changedAt: 0, changedBy: nil, provenance: nil, version: 0)
        for snapshot in [awkward, plain] {
            let json = try #require(HistoryListing.encode(snapshot))
            #expect(try HistoryListing.decode(json) == snapshot)
            #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
        }
        #expect(HistoryListing.encode(nil) == nil)
        #expect(try HistoryListing.decode(nil) == nil)
    }
}
