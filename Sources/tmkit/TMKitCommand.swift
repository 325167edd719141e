import ArgumentParser

@main
struct TMKitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tmkit",
        abstract: "An English–Chinese translation-memory toolkit.",
        subcommands: [SegmentCommand.self, AlignCommand.self, ImportCommand.self, LexiconCommand.self, LookupCommand.self, ConcordanceCommand.self, GlossaryCommand.self, CoverageCommand.self, PretranslateCommand.self, ExportCommand.self, StatsCommand.self, EditCommand.self, DeleteCommand.self, ReplaceCommand.self, DuplicatesCommand.self, PenaltyCommand.self, ImportsCommand.self, UndoImportCommand.self, HistoryCommand.self, RevertCommand.self, CheckCommand.self, BackupCommand.self, RestoreCommand.self, ServeCommand.self, CopyCommand.self, JobCommand.self, EvalCommand.self]
    )
}
