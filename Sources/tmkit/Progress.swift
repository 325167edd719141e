import ArgumentParser
import Foundation
import TMAlign
import TMKit
import TMMemory
import TMText

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
