import ArgumentParser
import Foundation
import TMFormats
import TMGlossary
import TMKit
import TMMemory
import TMText

struct GlossaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glossary",
        abstract: "Look up, find and check glossary terms; import, export, add and list entries.",
        subcommands: [GlossaryLookupCommand.self, GlossaryFindCommand.self, GlossaryCheckCommand.self, GlossaryListCommand.self,
                      GlossaryAddCommand.self, GlossaryImportCommand.self, GlossaryExportCommand.self, GlossarySyncCommand.self,
                      GlossaryRemovedCommand.self, GlossaryRestoreCommand.self]
    )
}

struct GlossaryOptions: ParsableArguments {
    @OptionGroup var memory: MemoryOptions

    @Option(name: .long, help: GlossaryOptions.folderHelp)
    var glossary: String?

    static let folderHelp = ArgumentHelp("The folder of glossary files.", discussion: "Default: $TMKIT_GLOSSARY, else the workspace's glossary/ when the memory is the workspace's own; otherwise the glossary stored in the memory.", valueName: "dir")

    /// `forWriting`: the command adds to the glossary tables (the memory is checked first).
    func service(forWriting: Bool = false) throws -> GlossaryService {
        try memory.glossary(try memory.openStore(forWriting: forWriting), folder: glossary)
    }
}

/// Runs a glossary command; bad glossary input is exit status 2.
private func reporting(_ body: () throws -> Void) throws {
    try CLIErrors.reporting {
        do {
            try body()
        } catch let error as GlossaryEntryError {
            CLIErrors.printError("\(error)")
            throw ExitCode(2)
        }
    }
}

struct GlossaryLookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lookup", abstract: "Find a term (English or Chinese): exact, inflected, then with a typo.")
    @OptionGroup var options: GlossaryOptions
    @Argument(help: "The term.") var term: String
    @Option(help: "Output: table or json.") var format: OutputFormat = .table

    func run() throws {
        try reporting {
            let results = GlossaryLookup(entries: try options.service().entries()).lookup(term)
            switch format {
            case .json: print(try JSONOutput.string(results))
            case .table:
                if results.isEmpty { print("no entry for “\(term)”"); return }
                for r in results {
                    print("\(r.entry.en)\t\(r.entry.zh)\t\(r.entry.status.rawValue)\(r.match == .exact ? "" : "\t(\(r.match.rawValue))")\(r.entry.note.isEmpty ? "" : "\t\(r.entry.note)")")
                }
            }
        }
    }
}

struct GlossaryFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "find", abstract: "Every glossary term in an article (.txt, .md, .html) or a text.")
    @OptionGroup var options: GlossaryOptions
    @Argument(help: "The article.") var file: String?
    @Option(help: "Search this text instead of a file.") var text: String?
    @Option(help: "Output: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if (file == nil) == (text == nil) { throw ValidationError("give an article file or --text, not both") }
    }

    func run() throws {
        try reporting {
            let recognizer = try options.service().recognizer()
            var hits: [TermHit] = []
            if let text {
                hits = recognizer.find(in: text)
            } else if let file {
                // Offsets are in the file: each block's hits are mapped back through the block.
                var reader = try ArticleReader.open(path: file)
                while let block = try reader.nextBlock() {
                    for var hit in recognizer.find(in: block.text) {
                        hit.start = block.sourceOffset(ofTextOffset: hit.start)
                        hit.end = block.sourceOffset(ofTextOffset: hit.end)
                        hits.append(hit)
                    }
                }
            }
            switch format {
            case .json: print(try JSONOutput.string(hits))
            case .table:
                for h in hits { print("\(h.start)-\(h.end)\t\(h.text)\t\(h.en) = \(h.zh)\(h.status == .preferred ? "" : " (\(h.status.rawValue))")") }
            }
        }
    }
}

struct GlossaryCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Term QA on an article pair or aligned pairs: missing approved renderings, forbidden ones, numbers that disagree.",
        discussion: "Exit status 1 when problems are found.")
    @OptionGroup var options: GlossaryOptions
    @Argument(help: "An English article and its Chinese translation (aligned first), or one TSV/CSV of aligned en and zh pairs.")
    var files: [String]
    @Option(help: "Output: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if files.isEmpty || files.count > 2 { throw ValidationError("give EN_FILE ZH_FILE, or one file of aligned pairs") }
    }

    func run() throws {
        var problems: [TermProblem] = []
        try reporting {
            let store = try options.memory.openStore()
            let service = try options.memory.glossary(store, folder: options.glossary)
            let qa = TermQA(memory: store, glossary: try service.entries())
            let report = files.count == 2 ? try qa.checkArticles(en: files[0], zh: files[1]) : try qa.checkPairs(file: files[0])
            problems = report.problems
            switch format {
            case .json: print(try JSONOutput.string(problems))
            case .table:
                for p in problems { print("pair \(p.pair)\t\(p.kind.rawValue)\t\(p.message)") }
                print("\(report.pairsChecked) pairs checked, \(problems.count) problems")
            }
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}

struct GlossaryListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "All entries, by English or by the pinyin of the Chinese.")
    @OptionGroup var options: GlossaryOptions
    enum Sort: String, ExpressibleByArgument { case en, pinyin }
    @Option(help: "Order: en or pinyin.") var sort: Sort = .en
    @Option(help: "Output: table or json.") var format: OutputFormat = .table

    func run() throws {
        try reporting {
            var entries = try options.service().entries()
            let pinyin = try Transliterator(id: "Han-Latin")
            switch sort {
            case .en: entries.sort { $0.en.lowercased() != $1.en.lowercased() ? $0.en.lowercased() < $1.en.lowercased() : $0.zh < $1.zh }
            case .pinyin:
                // Title marks and quotes do not count for the order.
                let collator = try Collator(locale: "zh@collation=pinyin")
                let key = { (s: String) in s.trimmingCharacters(in: CharacterSet(charactersIn: "《》〈〉「」“”\"'")) }
                entries.sort { collator.compare(key($0.zh), key($1.zh)) < 0 }
            }
            switch format {
            case .json:
                struct Row: Encodable { var en, zh, pinyin, status, pos, note: String }
                print(try JSONOutput.string(entries.map { Row(en: $0.en, zh: $0.zh, pinyin: pinyin.transform($0.zh), status: $0.status.rawValue, pos: $0.pos, note: $0.note) }))
            case .table:
                for e in entries { print("\(e.zh)\t\(pinyin.transform(e.zh))\t\(e.en)\t\(e.status.rawValue)") }
            }
        }
    }
}

struct GlossaryAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an entry (written to added.tsv in the glossary folder).")
    @OptionGroup var options: GlossaryOptions
    @Argument(help: "English term.") var en: String
    @Argument(help: "Chinese term.") var zh: String
    @Option(help: "preferred, admitted or forbidden.") var status: String = "preferred"
    @Option(help: "Part of speech.") var pos: String = ""
    @Option(help: "A note for translators.") var note: String = ""

    func run() throws {
        try reporting {
            guard let parsed = TermStatus(loose: status) else {
                CLIErrors.printError("unknown status “\(status)”; use preferred, admitted or forbidden")
                throw ExitCode(2)
            }
            let service = try options.service(forWriting: true)
            _ = try service.add(GlossaryEntry(en: en, zh: zh, status: parsed, pos: pos, note: note, source: "glossary/added.tsv"))
            print("added “\(en)” = “\(zh)” (\(parsed.rawValue)) to \(service.folder)/added.tsv")
        }
    }
}

struct GlossaryImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import a TSV, CSV or TBX glossary.")
    @OptionGroup var options: GlossaryOptions
    @Argument(help: "The file.") var file: String

    func run() throws {
        try reporting {
            let summary = try options.service(forWriting: true).importFile(file)
            print("\(file): \(summary.added) added, \(summary.merged) merged with existing entries")
        }
    }
}

struct GlossaryExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the glossary as TSV, CSV or TBX (by extension).")
    @OptionGroup var options: GlossaryOptions
    @Argument(help: "The file to write.") var file: String

    func run() throws {
        try reporting {
            let count = try options.service().export(to: file)
            print("\(file): \(count) entries")
        }
    }
}

struct GlossarySyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Bring a glossary folder's files into the memory's glossary, after showing what it adds, changes and removes.",
        discussion: """
            A memory file in its own workspace is synced on its own whenever a command reads the glossary; a shared \
            (PostgreSQL) memory only by this command. A sync that removes more than \(GlossaryService.removalLimit) entries needs --yes.
            """)
    @OptionGroup var memory: MemoryOptions
    @Argument(help: "The folder (default: $TMKIT_GLOSSARY, else the workspace's glossary/).") var folder: String?
    @Flag(help: "Only show what would change.") var dryRun = false
    @Flag(help: "Apply the sync even when it removes more than a handful of entries.") var yes = false

    func run() throws {
        try reporting {
            let store = try memory.openStore(forWriting: !dryRun)
            guard let folder = try GlossaryService.folder(folder) else {
                CLIErrors.printError("no glossary folder: name one (tmkit glossary sync DIR), or run this in a workspace that has glossary/")
                throw ExitCode(2)
            }
            var service = GlossaryService(store: store, folder: folder, syncsAutomatically: false)
            service.user = memory.userName
            let plan = try service.plan()
            print("\(folder): \(plan.added.count) to add, \(plan.changed.count) to change, \(plan.removed.count) to remove"
                  + (plan.goneSources.isEmpty ? "" : " (files gone: \(plan.goneSources.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")))"))
            for (label, entries) in [("add", plan.added), ("change", plan.changed), ("remove", plan.removed)] {
                for entry in entries.prefix(20) { print("  \(label)\t\(entry.en)\t\(entry.zh)\t\(entry.status.rawValue)") }
                if entries.count > 20 { print("  … and \(entries.count - 20) more to \(label)") }
            }
            if dryRun || plan.isEmpty {
                if plan.isEmpty { print("the memory's glossary is in step with the folder") }
                return
            }
            if plan.removed.count > GlossaryService.removalLimit && !yes {
                CLIErrors.printError("this sync removes \(plan.removed.count) entries; nothing was changed. Run it again with --yes if that is meant")
                throw ExitCode(2)
            }
            try service.apply(plan)
            print("synced: \(try store.glossaryEntries().count) entries in the memory's glossary"
                  + (plan.removed.isEmpty ? "" : "; the removed ones are in `tmkit glossary removed` and can be restored"))
        }
    }
}

struct GlossaryRemovedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "removed",
        abstract: "Entries taken out of the glossary by syncs and replaced files, latest first, with who and when (tmkit glossary restore ID puts one back).")
    @OptionGroup var options: GlossaryOptions
    @Option(help: "Most entries shown.") var limit = 100
    @Option(help: "Output: table or json.") var format: OutputFormat = .table

    func run() throws {
        try reporting {
            let removals = try options.service().removals(limit: limit)
            switch format {
            case .json: print(try JSONOutput.string(removals))
            case .table:
                if removals.isEmpty { print("no entry has been removed from the glossary") }
                for r in removals {
                    let when = ISO8601DateFormatter().string(from: r.removedAt)
                    let restored = r.restoredAt.map { " · restored " + ISO8601DateFormatter().string(from: $0) } ?? ""
                    print("\(r.id)\t\(r.entry.en)\t\(r.entry.zh)\t\(r.entry.status.rawValue)\tfrom \(r.entry.source), \(when)"
                          + (r.removedBy.map { " by \($0)" } ?? "") + restored)
                }
            }
        }
    }
}

struct GlossaryRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put removed entries back (ids from tmkit glossary removed): into the folder's added.tsv when the folder is the glossary's source, else into the memory's glossary.")
    @OptionGroup var options: GlossaryOptions
    @Argument(help: "Ids of removed entries.") var ids: [Int64]

    func validate() throws {
        if ids.isEmpty { throw ValidationError("name at least one removed entry's id (see tmkit glossary removed)") }
    }

    func run() throws {
        try reporting {
            do {
                let restored = try options.service(forWriting: true).restore(ids)
                for r in restored { print("restored \(r.id)\t\(r.entry.en)\t\(r.entry.zh)\t\(r.entry.status.rawValue)") }
            } catch let error as GlossaryRestoreError {
                CLIErrors.printError("\(error)")
                throw ExitCode(2)
            }
        }
    }
}
