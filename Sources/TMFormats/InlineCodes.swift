import Foundation
import TMMemory

/// Collects a segment's text while turning inline codes into numbered
/// placeholders (see `InlinePlaceholder`), and remembers each code so an
/// export can write it back.
struct InlineSegmentBuilder {
    private(set) var text = ""
    private(set) var codes: [[String: String]] = []
    private var next = 1
    private var openByID: [String: Int] = [:]
    /// Depth of code elements whose content is native code, not text.
    private var codeDepth = 0
    /// Depth of elements whose content is dropped (deleted text in tracked changes).
    private var dropDepth = 0
    private var codeContent = ""
    private var stack: [(tag: String, number: Int?, attributes: [String: String])] = []

    var isInsideCode: Bool { codeDepth > 0 }

    mutating func characters(_ s: String) {
        if dropDepth > 0 { return }
        if codeDepth > 0 { codeContent += s } else { text += s }
    }

    /// An inline element starts. `kind` says how it maps: an opening code of a pair,
    /// the closing code of a pair, a standalone code, or a span whose content is text.
    mutating func start(_ tag: String, kind: InlineKind, pairID: String?, attributes: [String: String]) {
        guard codeDepth == 0 else { codeDepth += 1; stack.append((tag, nil, attributes)); return }
        if dropDepth > 0 || kind == .dropped {
            dropDepth += 1
            stack.append((tag, nil, attributes))
            return
        }
        switch kind {
        case .opening:
            let n = next; next += 1
            if let pairID { openByID[pairID] = n }
            beginCode(tag, n, attributes, placeholder: InlinePlaceholder.standalone(n))
        case .closing:
            let n = pairID.flatMap { openByID[$0] } ?? { defer { next += 1 }; return next }()
            beginCode(tag, n, attributes, placeholder: InlinePlaceholder.closing(n))
        case .standalone:
            let n = next; next += 1
            beginCode(tag, n, attributes, placeholder: InlinePlaceholder.standalone(n))
        case .span:
            let n = next; next += 1
            text += InlinePlaceholder.standalone(n)
            stack.append((tag, n, attributes))
            var code = attributes
            code["tag"] = tag
            code["n"] = String(n)
            codes.append(code)
        case .transparent:
            stack.append((tag, nil, attributes))
        case .dropped:
            break
        }
    }

    /// A code element starts: its placeholder goes in the text, its content is collected as code.
    private mutating func beginCode(_ tag: String, _ n: Int, _ attributes: [String: String], placeholder: String) {
        text += placeholder
        stack.append((tag, n, attributes))
        codeDepth = 1
        codeContent = ""
    }

    mutating func end(_ tag: String) {
        guard let top = stack.popLast() else { return }
        if dropDepth > 0 { dropDepth -= 1; return }
        if codeDepth > 1 { codeDepth -= 1; return }
        if codeDepth == 1 {
            codeDepth = 0
            var code = top.attributes
            code["tag"] = top.tag
            code["n"] = top.number.map(String.init) ?? ""
            code["code"] = codeContent
            codes.append(code)
            return
        }
        if let n = top.number { text += InlinePlaceholder.closing(n) }  // end of a span
    }

    /// The codes as JSON for the unit's provenance, or nil when there are none.
    var codesJSON: String? {
        guard !codes.isEmpty, let data = try? JSONSerialization.data(withJSONObject: codes, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

enum InlineKind {
    /// Opening or closing code of a pair (content is native code), a standalone
    /// code, a span whose content is text, an element that is only passed
    /// through, and one whose content is dropped.
    case opening, closing, standalone, span, transparent, dropped
}
