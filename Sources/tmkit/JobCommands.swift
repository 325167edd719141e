import ArgumentParser
import Foundation
import TMKit
import TMMemory

struct JobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "Translate an article against the memory: create a job, follow its progress, export it, take back a CAT tool's XLIFF.",
        discussion: "The editor is the page /jobs/ID of `tmkit serve`.",
        subcommands: [JobCreateCommand.self, JobListCommand.self, JobExportCommand.self, JobImportCommand.self]
    )
}

/// The job use cases over the memory and the project glossary.
private func translationJobs(_ options: GlossaryOptions, forWriting: Bool) throws -> TranslationJobs {
    let store = try options.memory.openStore(forWriting: forWriting)
    let recognizer = try options.memory.glossary(store, folder: options.glossary).recognizer()
    return TranslationJobs(memory: store, recognizer: recognizer)
}

private func progress(_ job: JobRecord) -> String {
    "job \(job.id)  \(job.name)  \(job.confirmed)/\(job.segments) segments, \(job.confirmedWords)/\(job.words) words confirmed"
        + "  (\(job.documentName), \(job.format), by \(job.createdBy))"
}

struct JobCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Segment an English article (.txt, .md, .html) into a job, each segment filled with its best match at or above 75.",
        discussion: "An article whose document name (the file name unless --document) already has a job reuses that job's confirmed translations: unchanged sentences as context matches, changed ones as fuzzy matches."
    )

    @OptionGroup var options: GlossaryOptions
    @Argument(help: "The English article.") var file: String
    @Option(help: "The job's name (default: the file name).") var name: String?
    @Option(help: "The story it is a version of (default: the file name).") var document: String?
    @Option(help: "Output: table or json.") var format: OutputFormat = .table

    func run() throws {
        try CLIErrors.reporting {
            let jobs = try translationJobs(options, forWriting: true)
            let job = try jobs.create(file: file, name: name, documentName: document, user: options.memory.userName)
            switch format {
            case .json: print(try JSONOutput.string(job))
            case .table:
                let filled = try jobs.open(job.id).segments.filter { $0.status == .draft }.count
                print(progress(job))
                print("\(filled) of \(job.segments) segments filled from the memory"
                      + (job.previousJob.map { "; reused the confirmed translations of job \($0)" } ?? ""))
            }
        }
    }
}

struct JobListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Jobs with their progress, newest first.")

    @OptionGroup var options: GlossaryOptions
    @Option(help: "Output: table or json.") var format: OutputFormat = .table

    func run() throws {
        try CLIErrors.reporting {
            let jobs = try translationJobs(options, forWriting: false).list()
            switch format {
            case .json: print(try JSONOutput.string(jobs))
            case .table:
                if jobs.isEmpty { print("no jobs (create one with `tmkit job create FILE`)") }
                for job in jobs { print(progress(job)) }
            }
        }
    }
}

extension JobExportFormat: ExpressibleByArgument {}

struct JobExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a job: the Chinese article (md, html, txt), bilingual-html, bilingual-md, xliff (2.1) or tmx (its confirmed units).",
        discussion: "Segments not yet translated stay in English in the article. A draft (Chinese not yet confirmed) is written with \(JobDrafts.mark) before it, "
            + "or in English with --only-confirmed. Without --format, the article in the job's own format."
    )

    @OptionGroup var options: GlossaryOptions
    @Argument(help: "The job's id.") var id: Int64
    @Option(help: "md, html, txt, bilingual-html, bilingual-md, xliff or tmx.") var format: JobExportFormat?
    @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?
    @Flag(help: "Write drafts as untranslated (English in the article) instead of marking them.") var onlyConfirmed = false

    func run() throws {
        try CLIErrors.reporting {
            let jobs = try translationJobs(options, forWriting: false)
            let (record, segments) = try jobs.open(id)
            let chosen = format ?? JobExportFormat(rawValue: record.format) ?? .txt
            let text = try jobs.export(id, format: chosen, drafts: onlyConfirmed ? .leftOut : .marked)
            let drafts = segments.filter { $0.status == .draft && !$0.zh.isEmpty }.count
            if drafts > 0 && chosen != .xliff && chosen != .tmx {
                CLIErrors.printError(onlyConfirmed
                    ? "\(drafts) draft segment(s) left in English (not confirmed)"
                    : "\(drafts) draft segment(s) marked \(JobDrafts.mark); --only-confirmed leaves them in English")
            }
            if let output { try Data(text.utf8).write(to: URL(fileURLWithPath: output)) } else { print(text, terminator: "") }
        }
    }
}

struct JobImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Take back a job's XLIFF translated in another CAT tool: segments in state translated or final are confirmed, the others left as they were.",
        discussion: "A file with a unit id that is not a segment of the job is refused whole."
    )

    @OptionGroup var options: GlossaryOptions
    @Argument(help: "The job's id.") var id: Int64
    @Argument(help: "The translated XLIFF (from `tmkit job export ID --format xliff`).") var file: String

    func run() throws {
        try CLIErrors.reporting {
            let result = try translationJobs(options, forWriting: true).importXLIFF(id, path: file, user: options.memory.userName)
            print("job \(id): \(result.confirmed) segments confirmed, \(result.unchanged) already confirmed as translated, "
                  + "\(result.leftAsTheyWere) left as they were")
        }
    }
}
