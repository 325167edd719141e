import ArgumentParser
import Foundation
import TMAlign
import TMKit
import TMMemory
import TMText

enum CLIErrors {
    /// Runs `body`; bad input becomes a message on stderr and exit status 2.
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as TextInputError {
            FileHandle.standardError.write(Data("tmkit: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("tmkit: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as MaintenanceError {
            FileHandle.standardError.write(Data("tmkit: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as JobError {
            FileHandle.standardError.write(Data("tmkit: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as EmbeddingError {
            FileHandle.standardError.write(Data("tmkit: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as WorkspaceError {
            FileHandle.standardError.write(Data("tmkit: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as UnknownDocument {
            FileHandle.standardError.write(Data("tmkit: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as GlossarySyncError {
            FileHandle.standardError.write(Data("tmkit: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as ICUError {
            FileHandle.standardError.write(Data("tmkit: \(error) (is libicu installed?)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("tmkit: \(message)\n".utf8))
    }
}
