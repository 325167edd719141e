import ArgumentParser
import Foundation
import TMAlign
import TMKit
import TMMemory
import TMText

/// Buffered standard output: segment streams can be long.
struct StandardOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(1, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

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

/// A one-line progress counter on stderr, shown only when stderr is a terminal.
struct ProgressLine {
    let label: String
    let enabled = isatty(2) == 1

    func update(_ count: Int) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\(label): \(count) units".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// A progress bar on stderr when it is a terminal; nothing otherwise.
struct ProgressBar {
    let total: Int
    let label: String
    let enabled = isatty(2) == 1

    func update(_ done: Int) {
        guard enabled, total > 0 else { return }
        let width = 30, filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(label)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
