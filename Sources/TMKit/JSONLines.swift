import Foundation
import TMText

/// Case files of the evaluations: one JSON object a line, blank lines
/// skipped; a line that does not decode is named with its number.
enum JSONLines {
    static func read<T: Decodable>(_ type: T.Type, path: String, expected: String) throws -> [T] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TextInputError(file: path, line: 0, column: 0, message: "cannot read the case file")
        }
        var values: [T] = []
        let decoder = JSONDecoder()
        for (k, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                values.append(try decoder.decode(T.self, from: Data(line)))
            } catch {
                throw TextInputError(file: path, line: k + 1, column: 1, message: "not \(expected) (\(error))")
            }
        }
        return values
    }
}
