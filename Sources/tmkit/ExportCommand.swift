import ArgumentParser
import Foundation
import TMFormats
import TMKit
import TMMemory

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the memory (or one document) as TMX 1.4b, XLIFF 2.1, TSV, bilingual HTML or Markdown, streaming."
    )

    enum Format: String, ExpressibleByArgument { case tmx, xliff, tsv, html, md }

    @OptionGroup var memory: MemoryOptions
    @Argument(help: "tmx, xliff, tsv, html or md.") var format: Format
    @OptionGroup var only: FilterOptions
    @Flag(help: "Every unit (the default when no filter is given).") var all = false
    @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?

    func validate() throws {
        if try all && !only.filter().isEmpty { throw ValidationError("give a filter (--document …) or --all, not both") }
    }

    func run() throws {
        try CLIErrors.reporting {
            let document = only.document
            let filter = try only.filter()
            let store = try memory.openStore()
            if let document { try DocumentList.requireKnown(document, in: store) }
            var sink = try OutputSink(path: output)
            var count = 0
            switch format {
            case .tmx:
                let writer = TMXWriter { sink.write($0) }
                try writer.begin()
                try store.forEachUnitForExport(filter: filter) { try writer.add($0); count += 1 }
                try writer.end()
            case .xliff:
                sink.write(BilingualWriters.xliffBegin(original: document ?? "memory"))
                try store.forEachUnitForExport(filter: filter) { sink.write(BilingualWriters.xliffUnit($0)); count += 1 }
                sink.write(BilingualWriters.xliffEnd)
            case .html:
                sink.write(BilingualWriters.htmlBegin(title: document ?? "Translation memory"))
                var blocks = BilingualWriters.BlockGrouper { sink.write(BilingualWriters.htmlBlock($0)) }
                try store.forEachUnitForExport(filter: filter) { blocks.add($0); count += 1 }
                blocks.flush()
                sink.write(BilingualWriters.htmlEnd)
            case .md:
                var blocks = BilingualWriters.BlockGrouper { sink.write(BilingualWriters.markdownBlock($0)) }
                try store.forEachUnitForExport(filter: filter) { blocks.add($0); count += 1 }
                blocks.flush()
            case .tsv:
                sink.write("en\tzh\n")
                let clean = { (s: String) in s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
                try store.forEachUnitForExport(filter: filter) { sink.write(clean($0.unit.en) + "\t" + clean($0.unit.zh) + "\n"); count += 1 }
            }
            try sink.close()
            if output != nil { print("\(output!): \(count) units") }
        }
    }
}

/// Buffered output to a file or standard output.
struct OutputSink {
    private var handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            handle = h
        } else {
            handle = FileHandle.standardOutput
        }
    }

    mutating func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count > 1 << 20 { flush() }
    }

    mutating func flush() {
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            // The reader went away (`| head`): stop quietly, as other tools do.
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            if underlying?.code == Int(EPIPE) || (error as NSError).code == Int(EPIPE) { exit(0) }
            CLIErrors.printError("cannot write the output: \(error.localizedDescription)")
            exit(1)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        flush()
        if handle !== FileHandle.standardOutput { try handle.close() }
    }
}
