import ArgumentParser
import Foundation
import TMKit

struct TMKitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tmkit",
        abstract: "An English–Chinese translation-memory toolkit.",
        version: TMKitVersion.current,
        subcommands: [InitCommand.self, SegmentCommand.self, AlignCommand.self, ImportCommand.self, LexiconCommand.self, LookupCommand.self, ConcordanceCommand.self, GlossaryCommand.self, CoverageCommand.self, PretranslateCommand.self, ExportCommand.self, DocumentsCommand.self, StatsCommand.self, EditCommand.self, DeleteCommand.self, ReplaceCommand.self, DuplicatesCommand.self, PenaltyCommand.self, ImportsCommand.self, UndoImportCommand.self, HistoryCommand.self, RevertCommand.self, CheckCommand.self, BackupCommand.self, RestoreCommand.self, ServeCommand.self, CopyCommand.self, JobCommand.self, EvalCommand.self]
    )
}

/// Runs the command line with TMKit's exit statuses: usage errors are 2
/// (ArgumentParser's own is 64), and a mistyped subcommand gets the nearest names.
@main
enum TMKitMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try TMKitCommand.parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            let code = TMKitCommand.exitCode(for: error)
            guard code == .validationFailure else { TMKitCommand.exit(withError: error) }
            var message = TMKitCommand.fullMessage(for: error)
            if let hint = CommandSuggestion.hint(for: arguments, root: TMKitCommand.self) { message += "\n" + hint }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// "Did you mean" for the first word that names no subcommand.
enum CommandSuggestion {
    static func hint(for arguments: [String], root: any ParsableCommand.Type) -> String? {
        var subcommands = root.configuration.subcommands
        var parent = root.configuration.commandName ?? "tmkit"
        for word in arguments where !word.hasPrefix("-") {
            guard !subcommands.isEmpty else { return nil }
            let names = subcommands.map { $0.configuration.commandName ?? "" }
            if let index = names.firstIndex(of: word) {
                subcommands = subcommands[index].configuration.subcommands
                parent = word
                continue
            }
            let near = names.map { (name: $0, distance: DocumentList.distance(word, $0)) }
                .filter { $0.distance <= max(2, word.count / 3) }
                .sorted { $0.distance < $1.distance }
            guard !near.isEmpty else { return "\(word): not a command of `\(parent)`; the commands: \(names.joined(separator: ", "))" }
            return "did you mean " + near.prefix(3).map { "`\($0.name)`" }.joined(separator: " or ") + "?"
        }
        return nil
    }
}
