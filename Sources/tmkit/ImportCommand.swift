import ArgumentParser
import Foundation
import TMFormats
import TMKit
import TMMemory
import TMText

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import translated pairs into the memory.",
        subcommands: [ImportTMX.self, ImportTSV.self, ImportXLIFF.self, ImportArticle.self, ImportArticles.self]
    )
}

struct ImportFilesOptions: ParsableArguments {
    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The files to import; each is one transaction.")
    var files: [String]
}

/// Imports each file, prints a summary per file; bad input exits 2 after the other files are done.
private func importFiles(_ options: ImportFilesOptions, format: (String) -> UnitFormat) throws {
    try CLIErrors.reporting {
        let store = try options.memory.openStore(forWriting: true)
        let importer = FileImport(store: store, user: options.memory.userName)
        var failed = false
        for path in options.files {
            let progress = ProgressLine(label: path)
            do {
                let summary = try importer.importFile(path, format: format(path), progress: progress.update)
                progress.clear()
                print(describe(summary, path: path))
            } catch let error as TextInputError {
                progress.clear()
                CLIErrors.printError("\(error)")
                CLIErrors.printError("\(path): nothing from this file was stored")
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }
}

private func describe(_ summary: ImportSummary, path: String) -> String {
    if summary.alreadyImported {
        return "\(path): already imported (import \(summary.importID ?? 0)); nothing changed"
    }
    var lines = ["\(path): \(summary.added) added, \(summary.duplicates) duplicates, \(summary.skippedCount) skipped"]
    for (reason, count) in summary.skipped.sorted(by: { $0.value > $1.value }) {
        lines.append("  skipped \(count): \(reason)")
    }
    return lines.joined(separator: "\n")
}

struct ImportTMX: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tmx", abstract: "Import TMX files (1.1 to 1.4b).")
    @OptionGroup var options: ImportFilesOptions
    func run() throws { try importFiles(options) { _ in .tmx } }
}

struct ImportTSV: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tsv", abstract: "Import TSV or CSV files (.csv is comma-separated).")
    @OptionGroup var options: ImportFilesOptions
    func run() throws { try importFiles(options) { UnitFormat(path: $0) == .csv ? .csv : .tsv } }
}

struct ImportXLIFF: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "xliff", abstract: "Import XLIFF 1.2 or 2.x files (.xlf, .xliff, .sdlxliff).")
    @OptionGroup var options: ImportFilesOptions
    func run() throws { try importFiles(options) { _ in .xliff } }
}
