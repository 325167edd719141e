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
        subcommands: [ImportTMX.self, ImportTSV.self, ImportCSV.self, ImportXLIFF.self, ImportArticle.self, ImportArticles.self]
    )
}

struct ImportFilesOptions: ParsableArguments {
    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The files to import; each is one transaction.")
    var files: [String]

    @Flag(help: "Store nothing from a file in which any unit would be skipped (by default bad units are skipped and listed, the rest stored).")
    var strict = false

    @Option(help: ArgumentHelp("Also write every skipped unit to this file (TSV: file, line, column, reason).", valueName: "file"))
    var rejects: String?
}

/// Imports each file, prints a summary per file; bad input exits 2 after the other files are done.
private func importFiles(_ options: ImportFilesOptions, anyXLIFFState: Bool = false, format: (String) -> UnitFormat) throws {
    try CLIErrors.reporting {
        let store = try options.memory.openStore(forWriting: true)
        var importer = FileImport(store: store, user: options.memory.userName)
        importer.strict = options.strict
        importer.anyXLIFFState = anyXLIFFState
        var failed = false
        var rejected: [String] = []
        for path in options.files {
            let progress = ProgressLine(label: path)
            do {
                let summary = try importer.importFile(path, format: format(path), progress: progress.update)
                progress.clear()
                print(describe(summary, path: path))
                // Every skipped unit on stderr, up to a screenful; all of them in --rejects.
                for rejection in summary.rejections.prefix(100) { CLIErrors.printError("skipped \(rejection.described(file: path))") }
                if summary.rejections.count > 100 {
                    CLIErrors.printError("\(path): \(summary.rejections.count - 100) more skipped units\(options.rejects == nil ? " (--rejects FILE lists them all)" : " in \(options.rejects!)")")
                }
                rejected += summary.rejections.map { [path, $0.line.map(String.init) ?? "", $0.column.map(String.init) ?? "", $0.reason].joined(separator: "\t") }
            } catch let error as TextInputError {
                progress.clear()
                CLIErrors.printError("\(error)")
                CLIErrors.printError("\(path): nothing from this file was stored")
                failed = true
            } catch let error as RejectedUnits {
                progress.clear()
                CLIErrors.printError("\(error)")
                CLIErrors.printError("\(path): nothing from this file was stored")
                rejected += error.rejections.map { [path, $0.line.map(String.init) ?? "", $0.column.map(String.init) ?? "", $0.reason].joined(separator: "\t") }
                failed = true
            }
        }
        if let file = options.rejects {
            let text = (["file\tline\tcolumn\treason"] + rejected).joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
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

struct ImportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "csv", abstract: "Import CSV files (comma-separated; .tsv files are read with tabs).")
    @OptionGroup var options: ImportFilesOptions
    func run() throws { try importFiles(options) { UnitFormat(path: $0) == .tsv ? .tsv : .csv } }
}

struct ImportXLIFF: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xliff", abstract: "Import XLIFF 1.2 or 2.x files (.xlf, .xliff, .sdlxliff).",
        discussion: "Only translated segments are translations: 2.x translated, reviewed, final; 1.2 translated, signed-off, final (or approved=\"yes\"); Trados Translated, ApprovedTranslation, ApprovedSignOff. Others are skipped unless --states any.")
    enum States: String, ExpressibleByArgument { case translated, any }
    @OptionGroup var options: ImportFilesOptions
    @Option(help: "Which segments to take: translated (the default) or any state with a target.") var states: States = .translated
    func run() throws { try importFiles(options, anyXLIFFState: states == .any) { _ in .xliff } }
}
