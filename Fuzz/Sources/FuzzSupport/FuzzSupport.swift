import FuzzDriver
import Foundation
import TMMemory
import TMText

/// The body of a fuzz target: reads one input, returns normally or throws.
/// Errors are expected ("handled"); traps, hangs and blow-ups are what the
/// fuzzer looks for.
nonisolated(unsafe) private var fuzzBody: (([UInt8]) throws -> Void)?

/// Starts libFuzzer with `body` as the target; heap use per input is capped
/// at `multiple` × its size plus `slackMB`.
public func runFuzzer(multiple: Int = 64, slackMB: Int = 16, _ body: @escaping ([UInt8]) throws -> Void) -> Never {
    fuzzBody = body
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = tmkit_fuzz_main(&argc, &argv, { data, size in
        let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
        do {
            try fuzzBody?(bytes)
        } catch let error as TextInputError {
            checkPosition(error)
        } catch {
            // Any other error is a value too; its message must not be empty.
            precondition(!"\(error)".isEmpty, "an error without a message")
        }
        return 0
    }, multiple, slackMB << 20)
    exit(status)
}

/// A reader's error must say where: line and column at or after 1 once a
/// position is given.
private func checkPosition(_ error: TextInputError) {
    precondition(!error.message.isEmpty, "an input error without a message")
    precondition(error.line >= 0 && error.column >= 0, "an input error at a negative position: \(error)")
}

/// Collects what a reader produced and checks each unit has both sides.
public final class CheckingSink: UnitSink {
    public private(set) var units = 0
    public init() {}
    public func add(_ unit: TranslationUnit) throws {
        precondition(!unit.en.isEmpty && !unit.zh.isEmpty, "a unit with an empty side reached the sink")
        units += 1
    }
    public func skip(reason: String) {
        precondition(!reason.isEmpty, "a skip without a reason")
    }
}
