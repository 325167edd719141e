import ArgumentParser
import Foundation
import TMKit
import TMMemory

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
        try CLIErrors.reporting { report = try MemoryMaintenance.check(try memory.location, quick: quick) }
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
            let progress = ProgressLine(label: "backup")
            let summary = try MemoryMaintenance.backup(try memory.location, to: destination, progress: progress.update)
            progress.clear()
            print("backed up \(MemoryLocation.describe(try memory.location)) to \(destination) "
                  + "(\(summary.units) units, \(summary.glossaryEntries) glossary entries)")
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
            let result = try MemoryMaintenance.restore(try memory.location, from: source)
            let report = result.report
            if let aside = result.movedAside { CLIErrors.printError("the damaged memory was moved to \(aside)") }
            if !report.ok {
                for problem in report.problems { CLIErrors.printError("\(source): \(problem)") }
                CLIErrors.printError("\(source) fails its check; the memory was not changed")
                throw ExitCode(2)
            }
            print("restored \(MemoryLocation.describe(try memory.location)) from \(source) (\(report.units) units)")
        }
    }
}
