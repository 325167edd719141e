import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TMText

/// Turns an XMLParser failure into a file:line:column error.
enum XMLErrors {
    static func describe(_ parser: XMLParser, name: String, expected: String) -> TextInputError {
        let line = max(1, parser.lineNumber), column = max(1, parser.columnNumber)
        var detail = "malformed or truncated XML"
        if let error = parser.parserError as NSError? {
            detail += " (parser error \(error.code))"
        }
        return TextInputError(file: name, line: line, column: column, message: "\(detail); expected \(expected)")
    }
}
