import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TMText

/// What every streaming XML reader here shares (XMLInput opens the file): running
/// the parser, and turning failures into file:line:column errors.
protocol XMLParsingDelegate: XMLParserDelegate {
    /// An error the delegate raised itself (it aborted the parse).
    var error: Error? { get }
    /// Whether the expected root element opened, and closed again.
    var sawRoot: Bool { get }
    var closedRoot: Bool { get }
}

enum XMLParsing {
    /// Parses with `delegate`; `root` and `expected` describe the document for error messages.
    static func parse(_ parser: XMLParser, with delegate: some XMLParsingDelegate, name: String, root: String, expected: String) throws {
        parser.delegate = delegate
        parser.shouldProcessNamespaces = false
        // In its recovery mode the parser can report success after an error;
        // any error it recorded makes the document malformed.
        let ok = parser.parse() && parser.parserError == nil
        if let error = delegate.error { throw error }
        if ok && delegate.sawRoot && !delegate.closedRoot {
            throw TextInputError(file: name, line: max(1, parser.lineNumber), column: max(1, parser.columnNumber),
                                 message: "the file ends before </\(root)>; it looks truncated")
        }
        if !ok || !delegate.sawRoot {
            throw XMLErrors.describe(parser, name: name, expected: expected)
        }
    }
}
