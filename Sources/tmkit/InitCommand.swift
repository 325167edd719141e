import ArgumentParser
import Foundation
import TMKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make a folder a TMKit workspace: memory/tm.sqlite and glossary/ for every command run in it or below it.",
        discussion: "Commands find the nearest workspace from the folder they run in upward, as git finds .git; --db and --glossary override it.")

    @Argument(help: "The folder (default: this one).") var folder: String = "."

    func run() throws {
        try CLIErrors.reporting {
            let workspace = try Workspace.create(at: folder)
            let memory = try MemoryLocation.open(workspace.memoryPath, notice: CLIErrors.printError)
            print("made \(workspace.root) a TMKit workspace: memory \(workspace.memoryPath) (\(try memory.unitCount()) units), glossary \(workspace.glossaryFolder)/")
        }
    }
}
