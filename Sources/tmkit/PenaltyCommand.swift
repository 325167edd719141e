import ArgumentParser
import TMKit
import TMMemory

struct PenaltyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "penalty",
        abstract: "Lower lookup scores for the units of an origin or an import (stored in the memory).",
        discussion: "`tmkit penalty set aligned 5`, `tmkit penalty set import:12 10`, `tmkit penalty list`, `tmkit penalty remove aligned`. "
            + "A penalised exact match scores below 100 and says why; coverage bands use the penalised score. "
            + "Aligned units with a confidence under \(PenaltyScope.weakLinkConfidence) lose \(PenaltyScope.weakLinks.defaultPoints ?? 0) points "
            + "until told otherwise (`tmkit penalty set weak-links N`, or `remove weak-links`).",
        subcommands: [Set.self, List.self, Remove.self]
    )

    /// `aligned`, `origin:aligned` or `import:ID`.
    struct Scope: ExpressibleByArgument {
        let scope: PenaltyScope
        init?(argument: String) {
            guard let scope = PenaltyScope(argument) else { return nil }
            self.scope = scope
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a penalty (points off every lookup score).")
        @OptionGroup var memory: MemoryOptions
        @Argument(help: ArgumentHelp("An origin (tmx, tsv, xliff, aligned, manual, translated), import:ID, or weak-links.", valueName: "scope")) var scope: Scope
        @Argument(help: "Points taken off (1–100).") var points: Int

        func validate() throws {
            if !(1...100).contains(points) { throw ValidationError("points: give a number from 1 to 100 (remove a penalty with `tmkit penalty remove`)") }
        }

        func run() throws {
            try CLIErrors.reporting {
                try memory.openStore(forWriting: true).setPenalty(scope.scope, points: points)
                print("penalty \(points) for \(scope.scope.reason)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the penalties.")
        @OptionGroup var memory: MemoryOptions
        @Option(help: "Output: table or json.") var format: OutputFormat = .table

        func run() throws {
            try CLIErrors.reporting {
                let stored = try memory.openStore().penalties()
                let penalties = PenaltyTable.effective(stored)
                switch format {
                case .json: print(try JSONOutput.string(penalties))
                case .table:
                    if penalties.allSatisfy({ $0.points == 0 }) { print("no penalties") }
                    for penalty in penalties where penalty.points > 0 {
                        let isDefault = !stored.contains { $0.scope == penalty.scope }
                        print("\(penalty.scope)\t\(penalty.points)" + (isDefault ? "\t(default)" : ""))
                    }
                }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a penalty.")
        @OptionGroup var memory: MemoryOptions
        @Argument(help: ArgumentHelp("An origin, import:ID or weak-links.", valueName: "scope")) var scope: Scope

        func run() throws {
            try CLIErrors.reporting {
                try memory.openStore(forWriting: true).setPenalty(scope.scope, points: nil)
                print("no penalty for \(scope.scope.reason)")
            }
        }
    }
}
