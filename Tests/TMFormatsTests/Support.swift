import Foundation
import TMMemory

/// Collects what a reader hands over.
final class CollectingSink: UnitSink {
    var units: [TranslationUnit] = []
    var skipped: [String: Int] = [:]
    var rejections: [Rejection] = []

    func add(_ unit: TranslationUnit) throws { units.append(unit) }
    func skip(reason: String) { skipped[reason, default: 0] += 1 }
    func reject(_ rejection: Rejection) {
        rejections.append(rejection)
        skip(reason: rejection.reason)
    }
}

func temporaryFile(_ data: Data, ext: String) throws -> String {
    let path = NSTemporaryDirectory() + "tmkit-formats-\(UUID().uuidString).\(ext)"
    try data.write(to: URL(fileURLWithPath: path))
    return path
}

func temporaryFile(_ text: String, ext: String) throws -> String {
    try temporaryFile(Data(text.utf8), ext: ext)
}

/// UTF-16 little-endian bytes with a byte-order mark.
func utf16LE(_ text: String, bom: Bool = true) -> Data {
    var bytes: [UInt8] = bom ? [0xFF, 0xFE] : []
    for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    return Data(bytes)
}
