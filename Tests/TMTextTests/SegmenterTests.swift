import Testing
import Foundation
@testable import TMText

/// Sentences of `text` as the segmenter splits them.
private func split(_ text: String) throws -> [String] {
    try Segmenter().sentences(in: text)
}

@Suite("Segmenter: English rules")
struct EnglishSegmenterTests {
    @Test func plainSentencesSplit() throws {
        #expect(try split("Rates rose again. Markets fell sharply! Why now? Nobody knows.")
            == ["Rates rose again.", "Markets fell sharply!", "Why now?", "Nobody knows."])
    }

    @Test("titles never end a sentence", arguments: ["Mr.", "Mrs.", "Dr.", "Prof.", "Sen.", "Gen.", "Mt."])
    func titles(_ title: String) throws {
        let text = "Yesterday \(title) Okafor met the board. Talks went well."
        #expect(try split(text) == ["Yesterday \(title) Okafor met the board.", "Talks went well."])
    }

    @Test func initialsStayInsideNames() throws {
        #expect(try split("The memo was signed by Maria T. Alvarez on Friday. It leaked a day later.")
            == ["The memo was signed by Maria T. Alvarez on Friday.", "It leaked a day later."])
    }

    @Test func pronounIEndsASentenceAfterALowercaseWord() throws {
        #expect(try split("Neither she nor I. Then we left with Henry I. Tudor.")
            == ["Neither she nor I.", "Then we left with Henry I. Tudor."])
    }

    @Test func companySuffixesEndASentenceOnlyBeforeAnOpener() throws {
        #expect(try split("Shares of Nimbus Holdings Inc. climbed 4%. The rally lasted a day.")
            == ["Shares of Nimbus Holdings Inc. climbed 4%.", "The rally lasted a day."])
        #expect(try split("The order went to Harlow & Co. They delivered it in May.")
            == ["The order went to Harlow & Co.", "They delivered it in May."])
        #expect(try split("Keller Jr. Foundation grants rose.") == ["Keller Jr. Foundation grants rose."])
    }

    @Test func dottedAcronyms() throws {
        #expect(try split("Tariffs hit the U.S. Treasury market. Bonds slid in the U.K. We expect more.")
            == ["Tariffs hit the U.S. Treasury market.", "Bonds slid in the U.K.", "We expect more."])
        #expect(try split("The U.S. economy grew.") == ["The U.S. economy grew."])
    }

    @Test func clockTimes() throws {
        #expect(try split("By 7 a.m. Mrs. Lee had arrived. The vote closed at 8 p.m. We waited for results.")
            == ["By 7 a.m. Mrs. Lee had arrived.", "The vote closed at 8 p.m.", "We waited for results."])
        #expect(try split("Trading resumes at 9:30 a.m. Eastern time.") == ["Trading resumes at 9:30 a.m. Eastern time."])
    }

    @Test func abbreviationsBeforeNumbers() throws {
        #expect(try split("See p. 12 and No. 4 of the filing, dated Sept. 30, 2025. It is short.")
            == ["See p. 12 and No. 4 of the filing, dated Sept. 30, 2025.", "It is short."])
    }

    @Test func decimalsMoneyAndPercentages() throws {
        #expect(try split("Revenue rose 12.5% to $3.75 billion. Costs were €1.2 million.")
            == ["Revenue rose 12.5% to $3.75 billion.", "Costs were €1.2 million."])
    }

    @Test func emailAndURLs() throws {
        #expect(try split("Write to desk.editor@newsroom.example. Or see https://news.example/a/b.html?Page=2. Thanks.")
            == ["Write to desk.editor@newsroom.example.", "Or see https://news.example/a/b.html?Page=2.", "Thanks."])
    }

    @Test func ellipses() throws {
        #expect(try split("He paused... then he spoke . . . Nobody moved.")
            == ["He paused... then he spoke . . . Nobody moved."])
        #expect(try split("It was over.... Everyone went home.") == ["It was over....", "Everyone went home."])
        #expect(try split("Prices fell… Then they recovered.") == ["Prices fell… Then they recovered."])
        #expect(try split("It got late... Everyone left. We stayed . . . Nobody minded.")
            == ["It got late...", "Everyone left.", "We stayed . . . Nobody minded."])
    }

    @Test func closingQuotesAndBracketsStayWithTheSentence() throws {
        #expect(try split("She wrote, “The deal is done.” Investors cheered. (Shares jumped.) Then they fell.")
            == ["She wrote, “The deal is done.”", "Investors cheered.", "(Shares jumped.)", "Then they fell."])
        #expect(try split("“Is it real?” he asked. It was.") == ["“Is it real?” he asked.", "It was."])
    }

    @Test func exclamationInsideAName() throws {
        #expect(try split("He once worked at Yahoo! before joining us.") == ["He once worked at Yahoo! before joining us."])
    }

    @Test func inlineNumberedAndLetteredLists() throws {
        #expect(try split("1) Cut costs 2) Hire engineers 3) Ship faster")
            == ["1) Cut costs", "2) Hire engineers", "3) Ship faster"])
        #expect(try split("a. Budget b. Staffing") == ["a. Budget", "b. Staffing"])
        #expect(try split("• Cloud revenue • AI chips") == ["• Cloud revenue", "• AI chips"])
        #expect(try split("Three risks: 1) rates 2) tariffs 3) chips") == ["Three risks:", "1) rates", "2) tariffs", "3) chips"])
        #expect(try split("The score was: 1. Nobody expected it.") == ["The score was: 1.", "Nobody expected it."])
    }

    @Test func lineWithoutFinalPunctuationIsItsOwnSegment() throws {
        #expect(try split("Chip Export Rules Tighten\nThe new rules apply from June.")
            == ["Chip Export Rules Tighten", "The new rules apply from June."])
    }

    @Test func everyLineBreakEndsASegment() throws {
        #expect(try split("Markets rallied\nbonds fell.\nDr.\nSmith left.")
            == ["Markets rallied", "bonds fell.", "Dr.", "Smith left."])
    }
}

@Suite("Segmenter: Chinese rules")
struct ChineseSegmenterTests {
    @Test func fullWidthTerminals() throws {
        #expect(try split("油价上涨。市场震荡！谁会受益？") == ["油价上涨。", "市场震荡！", "谁会受益？"])
    }

    @Test func semicolonsColonsAndEllipsesDoNotEnd() throws {
        #expect(try split("出口放缓；进口回升。") == ["出口放缓；进口回升。"])
        #expect(try split("她想了想……没有回答。") == ["她想了想……没有回答。"])
    }

    @Test func closingQuoteAndBracketStayWithTheSentence() throws {
        #expect(try split("部长说：“改革不会停。”会议随即结束。") == ["部长说：“改革不会停。”", "会议随即结束。"])
        #expect(try split("（以上数据未经审计。）来源：公司年报") == ["（以上数据未经审计。）", "来源：公司年报"])
    }

    @Test func quoteAttributionStaysWithTheQuote() throws {
        #expect(try split("“我们会坚持下去。”她表示。下周再谈。") == ["“我们会坚持下去。”她表示。", "下周再谈。"])
        #expect(try split("「市場已經回暖。」他說，語氣平靜。") == ["「市場已經回暖。」他說，語氣平靜。"])
        #expect(try split("“利率不会再降。”这家银行的首席经济学家说。") == ["“利率不会再降。”这家银行的首席经济学家说。"])
        #expect(try split("“利率不会再降。”随后他离开了会场，没有再说话。")
            == ["“利率不会再降。”", "随后他离开了会场，没有再说话。"])
    }

    @Test func aNewSpeakersLineAfterAQuotedQuestionIsANewSentence() throws {
        #expect(try split("他问道：“你明天来吗？”众人答道：“一定来！”他笑了。")
            == ["他问道：“你明天来吗？”", "众人答道：“一定来！”", "他笑了。"])
        #expect(try split("「真的嗎？」記者問道：「何時公布？」") == ["「真的嗎？」", "記者問道：「何時公布？」"])
        // The attribution that follows a quote still belongs to it.
        #expect(try split("“我们明天出发！”他说。大家都笑了。") == ["“我们明天出发！”他说。", "大家都笑了。"])
    }

    @Test func openingQuoteAfterATerminalStartsTheNextSentence() throws {
        #expect(try split("会议结束了。“我们还会再谈。”她说。") == ["会议结束了。", "“我们还会再谈。”她说。"])
        #expect(try split("会议结束了。（详见附件。）") == ["会议结束了。", "（详见附件。）"])
    }

    @Test func bookTitlesKeepTheirPunctuation() throws {
        #expect(try split("他推荐了《活着！》这本书。你看过吗？") == ["他推荐了《活着！》这本书。", "你看过吗？"])
    }

    @Test func decimalsAndLatinInsideChinese() throws {
        #expect(try split("GDP增长5.2%，好于预期。OpenAI的新模型GPT-5已上线。")
            == ["GDP增长5.2%，好于预期。", "OpenAI的新模型GPT-5已上线。"])
    }

    @Test func mixedChineseAndEnglish() throws {
        #expect(try split("谢谢！Thank you. See you soon! 再见。") == ["谢谢！", "Thank you.", "See you soon!", "再见。"])
    }

    @Test func lineWithoutPunctuation() throws {
        #expect(try split("记者 张伟\n本报讯 昨日股市大涨。") == ["记者 张伟", "本报讯 昨日股市大涨。"])
    }
}

@Suite("Segmenter: offsets")
struct SegmenterOffsetTests {
    @Test(arguments: [
        "  Dr. Chen arrived.  She sat down.\n\nNext line ",
        "他说：“好。”\r\n然后走了。  Fine!",
        "",
        "   ",
        "No final punctuation",
    ])
    func sentencesAndGapsReproduceTheBlock(_ text: String) throws {
        let ranges = try Segmenter().sentenceRanges(in: text)
        let bytes = Array(text.utf8)
        var rebuilt: [UInt8] = []
        var position = 0
        for r in ranges {
            #expect(r.lowerBound >= position)
            let gap = bytes[position..<r.lowerBound]
            let gapText = String(decoding: gap, as: UTF8.self)
            #expect(gapText.allSatisfy { $0.isWhitespace })
            rebuilt += gap
            rebuilt += bytes[r]
            #expect(!String(decoding: bytes[r], as: UTF8.self).first!.isWhitespace)
            position = r.upperBound
        }
        rebuilt += bytes[position...]
        #expect(rebuilt == bytes)
    }

    @Test func segmentsCarrySourceOffsets() throws {
        let source = "Title here\n\nFirst one. Second one.\n"
        let blocks = try ArticleReader.blocks(text: source)
        let segmenter = try Segmenter()
        let segments = blocks.flatMap { segmenter.segments(of: $0) }
        #expect(segments.map(\.text) == ["Title here", "First one.", "Second one."])
        let bytes = Array(source.utf8)
        for s in segments {
            #expect(String(decoding: bytes[s.start..<s.end], as: UTF8.self) == s.text)
        }
        #expect(segments.map(\.block) == [0, 1, 1])
        #expect(segments[0].blockKind == .title)
    }
}

@Suite("Segmenter: glued sentences and single-line text")
struct GluedSentenceTests {
    @Test func missingSpaceAfterAPeriod() throws {
        #expect(try split("Sales fell.Profits rose.Dr. Ortiz resigned after 2,000.Nobody knew why.")
            == ["Sales fell.", "Profits rose.", "Dr. Ortiz resigned after 2,000.", "Nobody knew why."])
    }

    @Test func domainsAddressesAndFilesAreNotGlued() throws {
        #expect(try split("Write to Ana.Lopez@desk.example or visit Example.Com and www.Press.org or open notes.Final.txt now.")
            == ["Write to Ana.Lopez@desk.example or visit Example.Com and www.Press.org or open notes.Final.txt now."])
    }

    @Test func dashAfterAnExclamationContinues() throws {
        #expect(try split("Stir, bake, and -- presto! -- dinner is served.") == ["Stir, bake, and -- presto! -- dinner is served."])
    }
}

/// Inputs the fuzzers found (Fuzz/regressions/FuzzSegmenter and FuzzArticle), replayed.
@Suite("Fuzz regressions: text")
struct TextFuzzRegressionTests {
    private static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions")

    private static func inputs(_ target: String, in kind: String = "regressions") -> [[UInt8]] {
        let dir = folder.deletingLastPathComponent().appendingPathComponent(kind).appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().compactMap { try? Data(contentsOf: dir.appendingPathComponent($0)) }.map { [UInt8]($0) }
    }

    @Test func punctuationAtTheVeryStartIsOneSentence() throws {
        // "?" at offset 0 once made the segmenter read the byte before the text.
        #expect(try Segmenter().sentences(in: "?#").joined() == "?#")
        #expect(try Segmenter().sentences(in: "!a").joined() == "!a")
    }

    /// Fuzz inputs whose text the segmenter reads directly, and the articles' blocks.
    @Test func keptInputsKeepTheSegmentersPromise() throws {
        let segmenter = try Segmenter()
        let kept = Self.inputs("FuzzSegmenter", in: "regressions")
        #expect(!kept.isEmpty)
        for bytes in kept {
            let text = String(decoding: bytes, as: UTF8.self)
            let broken = SegmentationPromise.violation(text: text, ranges: segmenter.sentenceRanges(in: text))
            #expect(broken == nil, "\(text.debugDescription): \(broken ?? "")")
        }
        var blocks = 0
        for bytes in Self.inputs("FuzzArticle", in: "regressions") + Self.inputs("FuzzArticle", in: "seeds") where !bytes.isEmpty {
            let format = ArticleFormat.allCases[Int(bytes[0]) % ArticleFormat.allCases.count]
            do {
                var reader = try ArticleReader.reader(bytes: Array(bytes.dropFirst()), format: format, name: "kept")
                while let block = try reader.nextBlock() {
                    blocks += 1
                    let broken = SegmentationPromise.violation(text: block.text, ranges: segmenter.sentenceRanges(in: block.text))
                    #expect(broken == nil, "\(block.text.debugDescription): \(broken ?? "")")
                }
            } catch let error as TextInputError {
                #expect(error.line >= 1)
            }
        }
        #expect(blocks > 0)
    }

    /// Text written to provoke the segmenter's rules: every block keeps the promise.
    @Test func trickyTextKeepsTheSegmentersPromise() throws {
        let segmenter = try Segmenter()
        let texts = [
            "  Dr. Wu said so.  Then he left.\n",
            "“会谈很成功。”他说。\u{3000}双方将于4月再谈。",
            "Prices rose 2.5% (to $3.10).   Markets... waited?!  ",
            "U.S. officials met E.U. envoys.Today they agreed. 1. Tax 2. Trade",
            "\t\n",
            "A\u{00A0}line\u{2028}split here. 《三体。续》出版了。",
        ]
        for text in texts {
            let broken = SegmentationPromise.violation(text: text, ranges: segmenter.sentenceRanges(in: text))
            #expect(broken == nil, "\(text.debugDescription): \(broken ?? "")")
        }
        // The check itself catches a sentence range that drops text.
        #expect(SegmentationPromise.violation(text: "One. Two.", ranges: [0..<4]) != nil)
        #expect(SegmentationPromise.violation(text: "One. Two.", ranges: [0..<4, 3..<9]) != nil)
        #expect(SegmentationPromise.violation(text: "One. Two.", ranges: [0..<4, 5..<9]) == nil)
    }
}
