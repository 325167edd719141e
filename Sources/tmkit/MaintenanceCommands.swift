import ArgumentParser
import Foundation
import TMKit
import TMPostgres
import TMStore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the memory: the database's own checks and TMKit's invariants.",
        discussion: "Exit status 0 when the memory is sound, 1 when a problem was found."
    )

    @OptionGroup var memory: MemoryOptions

    @Flag(help: "Only the database's quick checks (on SQLite, what commands that write run first).")
    var quick = false

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        var report: CheckReport?
        try CLIErrors.reporting {
            if memory.isPostgres {
                report = try memory.openStore().check(quick: quick)
                return
            }
            do {
                // Opened as any command would (a memory left mid-creation by a
                // crash needs a writer to recover its journal); read-only when
                // the file allows nothing else.
                let store: SQLiteMemory
                do { store = try memory.open() } catch StoreError.readOnly, StoreError.cannotOpen { store = try memory.open(readOnly: true) }
                report = try store.check(quick: quick)
            } catch StoreError.damaged(_, let problems) {
                // Too damaged to open: that is the check's finding.
                report = CheckReport(quick: quick, units: 0, problems: problems)
            }
        }
        guard let report else { return }
        switch format {
        case .json: print(try JSONOutput.string(report))
        case .table:
            print("checked \(report.units) units (\(report.quick ? "quick" : "full") check)")
            if report.ok { print("ok") } else { for problem in report.problems { print("problem: \(problem)") } }
        }
        if !report.ok { throw ExitCode(1) }
    }
}

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the memory to a new file, while others may keep writing.",
        discussion: "A PostgreSQL memory is backed up as a new SQLite memory (units, provenance and glossary), checked before it gets its name."
    )

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The new file.")
    var destination: String

    func run() throws {
        try CLIErrors.reporting {
            if memory.isPostgres {
                let store = try memory.openStore()
                let progress = ProgressLine(label: "backup")
                let summary = try MemoryBackup.write(store, sourceName: memory.location, to: destination, progress: progress.update)
                progress.clear()
                print("backed up \(summary.units) units and \(summary.glossaryEntries) glossary entries to \(destination)")
                return
            }
            let store = try memory.open(readOnly: true)
            try store.backup(to: destination)
            print("backed up \(store.path) to \(destination)")
        }
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the memory with a backup, after checking the backup in full.",
        discussion: "On PostgreSQL the memory's content is replaced in one transaction: lookups see the old content until it commits."
    )

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The backup to restore.")
    var source: String

    func run() throws {
        try CLIErrors.reporting {
            let path = memory.location
            let report: CheckReport
            if memory.isPostgres {
                report = try MemoryBackup.restore(from: source, into: PostgresMemory(url: path))
            } else {
                let result = try SQLiteMemory.restore(from: source, to: path, busyTimeout: MemoryLocation.busyTimeout())
                report = result.report
                if let aside = result.movedAside { CLIErrors.printError("the damaged memory was moved to \(aside)") }
            }
            if !report.ok {
                for problem in report.problems { CLIErrors.printError("\(source): \(problem)") }
                CLIErrors.printError("\(source) fails its check; the memory was not changed")
                throw ExitCode(2)
            }
            print("restored \(memory.isPostgres ? (try PostgresLocation(url: path)).description : path) from \(source) (\(report.units) units)")
        }
    }
}
