import ArgumentParser
import Foundation
import TMKit

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure TMKit against gold data.",
        subcommands: [EvalSegmentationCommand.self, EvalAlignmentCommand.self, EvalRepairCommand.self]
    )
}

struct EvalSegmentationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segmentation",
        abstract: "Score the segmenter on a JSONL case file (id, lang, text, expected)."
    )

    @Argument(help: "The case file, one JSON object a line.")
    var cases: String

    @Flag(name: .shortAndLong, help: "Show expected and actual sentences of each failed case.")
    var verbose = false

    func run() throws {
        try CLIErrors.reporting {
            let loaded = try SegmentationEvaluation.loadCases(path: cases)
            let result = try SegmentationEvaluation().run(loaded)
            let langs = ["en", "zh"] + result.counts.map(\.lang).filter { $0 != "en" && $0 != "zh" }
            for lang in langs {
                print("\(lang): \(result.passed(lang)) passed, \(result.failed(lang)) failed")
            }
            print("promise (sentences and white space rebuild the text): \(result.promiseKept) kept, \(result.promiseBroken.count) broken")
            for broken in result.promiseBroken { print("promise broken: \(broken.id): \(broken.reason)") }
            if !result.failures.isEmpty {
                print("failed: " + result.failures.map(\.id).joined(separator: " "))
            }
            if verbose {
                for f in result.failures {
                    print("\n\(f.id)")
                    print("  expected: \(f.expected)")
                    print("  actual:   \(f.actual)")
                }
            }
        }
    }
}

struct EvalAlignmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alignment",
        abstract: "Score the sentence aligner on gold documents (NNN.zh, NNN.en, NNN.align)."
    )

    @Argument(help: "The folder of gold documents.")
    var folder: String

    @Option(help: "A dictionary in CC-CEDICT's format (.txt or .gz) to use as a lexicon.")
    var lexicon: String?

    @Option(help: "Sentence pairs (TSV with en and zh) to learn a lexicon and the length model from.")
    var pairs: String?

    @OptionGroup var embedding: EmbeddingOptions

    @Flag(help: "Also report two-fold cross-validation: weights chosen on half of the documents, scored on the other half.")
    var crossValidate = false

    func run() throws {
        try CLIErrors.reporting {
            let start = Date()
            let aligner = try embedding.aligner(try AlignerSetup.make(lexicon: lexicon, pairs: pairs))
            let documents = try AlignmentEvaluation.documents(folder: folder)
            let evaluation = AlignmentEvaluation(aligner: aligner)
            let threshold = ArticleImport.defaultMinimumConfidence
            var (result, calibration) = try evaluation.runCalibrated(documents, thresholds: AlignmentEvaluation.thresholds + [threshold])
            let atDefault = calibration.removeLast()
            print(String(format: "strict P=%.3f R=%.3f F1=%.3f", result.strict.p, result.strict.r, result.strict.f1))
            print(String(format: "lax P=%.3f R=%.3f F1=%.3f", result.lax.p, result.lax.r, result.lax.f1))
            // What `import article` keeps at each threshold (links with both sides), and at its default.
            for t in calibration {
                print(String(format: "kept at confidence >= %.2f: %d links, strict precision %.3f, recall %.3f", t.minimum, t.kept, t.precision, t.recall))
            }
            print(String(format: "import default min-confidence %.2f: %d links kept, strict precision=%.3f recall=%.3f",
                         threshold, atDefault.kept, atDefault.precision, atDefault.recall))
            if crossValidate {
                let (held, chosen) = try evaluation.crossValidated(documents)
                print(String(format: "cross-validated strict P=%.3f R=%.3f F1=%.3f lax F1=%.3f", held.strict.p, held.strict.r, held.strict.f1, held.lax.f1))
                for line in chosen { print("  " + line) }
            }
            print(String(format: "%.2f seconds, %d documents (embedding %.2f s, alignment %.2f s)", Date().timeIntervalSince(start), result.documents,
                         aligner.embeddingSeconds, aligner.alignmentSeconds))
            print("scorer: " + aligner.scorerDescription)
            print("lexicon: " + aligner.lexiconDescription)
            print("length model: " + aligner.lengthDescription)
        }
    }
}

struct EvalRepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Score match repair on JSON lines {\"query\", \"repaired\"} against the current memory (null: no repair expected)."
    )

    @OptionGroup var memory: MemoryOptions

    @Option(name: .long, help: GlossaryOptions.folderHelp)
    var glossary: String?

    @Argument(help: "The case file, one JSON object a line.")
    var cases: String

    @Option(help: "Lowest score a match may have (0–100).")
    var min: Int = 70

    @Flag(name: .shortAndLong, help: "Show each wrong and unrepaired case.")
    var verbose = false

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore()
            let recognizer = try memory.glossary(store, folder: glossary).recognizer()
            let evaluation = RepairEvaluation(finder: MatchFinder(memory: store, recognizer: recognizer), minScore: min)
            let result = try evaluation.run(try RepairEvaluation.loadCases(path: cases))
            print("repair: \(result.correct.count) correct, \(result.wrong.count) wrong, \(result.notRepaired.count) not repaired")
            if verbose {
                for (label, outcomes) in [("wrong", result.wrong), ("not repaired", result.notRepaired)] {
                    for o in outcomes {
                        print("\n\(label): \(o.query)\n  expected: \(o.expected ?? "no repair")\n  actual:   \(o.actual ?? "no repair")"
                              + (o.note.map { "\n  note:     \($0)" } ?? ""))
                    }
                }
            }
        }
    }
}
