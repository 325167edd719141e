/// How a glossary entry's Chinese rendering may be used.
public enum TermStatus: String, Sendable, Codable, CaseIterable {
    case preferred, admitted, forbidden

    /// Reads the status words files use (TBX administrative statuses included).
    public init?(loose: String) {
        let s = loose.trimmingCharacters(in: .whitespaces).lowercased()
        switch s {
        case "", "preferred", "preferredterm-admn-sts", "preferred term", "approved": self = .preferred
        case "admitted", "admittedterm-admn-sts", "admitted term", "allowed": self = .admitted
        case "forbidden", "deprecated", "deprecatedterm-admn-sts", "supersededterm-admn-sts", "notrecommended", "banned":
            self = .forbidden
        default: return nil
        }
    }
}

/// One glossary entry: an English term and a Chinese rendering.
public struct GlossaryEntry: Sendable, Codable, Equatable, Hashable {
    public var en: String
    public var zh: String
    public var status: TermStatus
    public var pos: String
    public var note: String
    /// Where the entry came from (a file name, or "manual").
    public var source: String

    public init(en: String, zh: String, status: TermStatus = .preferred, pos: String = "", note: String = "", source: String = "") {
        self.en = en.trimmingCharacters(in: .whitespacesAndNewlines)
        self.zh = zh.trimmingCharacters(in: .whitespacesAndNewlines)
        self.status = status
        self.pos = pos
        self.note = note
        self.source = source
    }

    /// Whether the entry's Chinese side is an approved rendering.
    public var isApproved: Bool { status != .forbidden }
}

/// A bad glossary entry (an empty side).
public struct GlossaryEntryError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

extension GlossaryEntry {
    /// Refuses an entry with an empty side.
    public func validated() throws -> GlossaryEntry {
        if en.isEmpty { throw GlossaryEntryError(message: "the English term is empty; a glossary entry needs both sides") }
        if zh.isEmpty { throw GlossaryEntryError(message: "the Chinese term is empty; a glossary entry needs both sides") }
        return self
    }
}

import Foundation
