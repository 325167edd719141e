import ArgumentParser
import Foundation
import TMKit
import TMMemory

struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole memory and its glossary to another one: SQLite to PostgreSQL or back.",
        discussion: "Streams the units in runs, one import each; run it again after an interruption and it completes. "
            + "Afterwards `tmkit stats --checksum` prints the same units, glossary entries and checksum for both."
    )

    @Option(help: ArgumentHelp("The memory to read: an SQLite file or postgres://USER@HOST:PORT/DATABASE.", valueName: "path|url"))
    var from: String
    @Option(help: ArgumentHelp("The memory to write (created when needed).", valueName: "path|url"))
    var to: String

    func validate() throws {
        if from == to { throw ValidationError("--from and --to name the same memory") }
    }

    func run() throws {
        try CLIErrors.reporting {
            let source = try MemoryOptions.openStore(location: from)
            let target = try MemoryOptions.openStore(location: to, forWriting: true)
            let progress = ProgressLine(label: "copy")
            let summary = try MemoryCopy(from: source, to: target, sourceName: from).run(progress: progress.update)
            let changes = try HistoryCopy.run(from: source, to: target)
            let settings = try SettingsCopy.run(from: source, to: target)
            let jobs = try JobCopy.run(from: source, to: target)
            progress.clear()
            print("copied \(summary.units) units (\(summary.added) added, \(summary.duplicates) already there"
                  + (summary.runsSkipped > 0 ? ", \(summary.runsSkipped) runs copied before" : "") + "), \(summary.glossaryEntries) glossary entries, \(changes) changes of the history, \(settings.lexicons) stored dictionaries, \(settings.penalties) penalties and \(jobs) jobs")
        }
    }
}
