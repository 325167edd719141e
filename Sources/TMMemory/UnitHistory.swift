import Foundation

/// Who makes a change, and with which command (`tmkit edit`, `PATCH /units/7`).
public struct ChangeAuthor: Sendable, Equatable {
    public var user: String
    public var command: String

    public init(user: String, command: String) {
        self.user = user
        self.command = command
    }
}

/// Everything stored about one unit, as the history keeps it before and
/// after a change: enough to put the unit back exactly as it was.
public struct UnitSnapshot: Sendable, Equatable, Codable {
    public var en: String
    public var zh: String
    public var origin: String
    public var importID: Int64?
    public var documentID: Int64?
    public var position: Int?
    public var confidence: Double?
    public var createdAt: Int64
    public var changedAt: Int64
    public var changedBy: String?
    /// The provenance as stored (sorted-key JSON), nil when there is none.
    public var provenance: String?
    /// Grows by one with every change: a writer sends the version it edited (`If-Match`).
    public var version: Int64
    /// The other imports that brought the same pair (stored once).
    public var alsoImportedBy: [Int64]

    public init(en: String, zh: String, origin: String, importID: Int64?, documentID: Int64?, position: Int?,
                confidence: Double?, createdAt: Int64, changedAt: Int64, changedBy: String?, provenance: String?,
                version: Int64, alsoImportedBy: [Int64] = []) {
        self.en = en
        self.zh = zh
        self.origin = origin
        self.importID = importID
        self.documentID = documentID
        self.position = position
        self.confidence = confidence
        self.createdAt = createdAt
        self.changedAt = changedAt
        self.changedBy = changedBy
        self.provenance = provenance
        self.version = version
        self.alsoImportedBy = alsoImportedBy
    }

    /// The provenance as a dictionary.
    public var provenanceFields: [String: String] {
        guard let provenance, let data = provenance.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] else { return [:] }
        return object
    }

    /// Stores `fields` as sorted-key JSON (nil when empty).
    public mutating func setProvenance(_ fields: [String: String]) {
        provenance = fields.isEmpty ? nil
            : String(decoding: (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The same pair and provenance (what a revert must give back), whatever the version.
    public func sameContent(as other: UnitSnapshot) -> Bool {
        var a = self, b = other
        a.version = 0
        b.version = 0
        a.alsoImportedBy.sort()
        b.alsoImportedBy.sort()
        return a == b
    }
}

/// What a change did.
public enum ChangeKind: String, Sendable, Codable, CaseIterable {
    case edit, delete, replace, merge
    case undoImport = "undo-import"
    case revert
    /// A translator confirmed a job's segment: the unit it created.
    case translate
}

/// One unit's part in a change: its state before (nil: the change created
/// it) and after (nil: the change removed it).
public struct UnitChange: Sendable, Equatable, Codable {
    public var unitID: Int64
    public var before: UnitSnapshot?
    public var after: UnitSnapshot?

    public init(unitID: Int64, before: UnitSnapshot?, after: UnitSnapshot?) {
        self.unitID = unitID
        self.before = before
        self.after = after
    }
}

/// One recorded change: a command's whole effect, kept in the memory's history.
public struct MemoryChange: Sendable, Equatable, Codable {
    public var id: Int64
    public var kind: ChangeKind
    public var at: Date
    public var user: String
    public var command: String
    /// The import an undo removed.
    public var importID: Int64?
    /// The change this one reverted.
    public var revertOf: Int64?
    /// The change that reverted this one.
    public var revertedBy: Int64?
    /// The units it touched (a listing may show only some of them: see `totalUnits`).
    public var units: [UnitChange]
    /// How many units it touched.
    public var totalUnits: Int

    public init(id: Int64, kind: ChangeKind, at: Date, user: String, command: String, importID: Int64? = nil,
                revertOf: Int64? = nil, revertedBy: Int64? = nil, units: [UnitChange], totalUnits: Int? = nil) {
        self.id = id
        self.kind = kind
        self.at = at
        self.user = user
        self.command = command
        self.importID = importID
        self.revertOf = revertOf
        self.revertedBy = revertedBy
        self.units = units
        self.totalUnits = totalUnits ?? units.count
    }
}

/// One import as `tmkit imports` lists it.
public struct ImportRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var fileName: String
    public var format: String
    public var document: String?
    public var importedAt: Date
    public var user: String?
    public var added: Int
    public var duplicates: Int
    public var skipped: Int
    /// Units whose current provenance is this import.
    public var unitsNow: Int
    public var undoneAt: Date?
    public var undoneBy: String?

    public init(id: Int64, fileName: String, format: String, document: String?, importedAt: Date, user: String?,
                added: Int, duplicates: Int, skipped: Int, unitsNow: Int, undoneAt: Date?, undoneBy: String?) {
        self.id = id
        self.fileName = fileName
        self.format = format
        self.document = document
        self.importedAt = importedAt
        self.user = user
        self.added = added
        self.duplicates = duplicates
        self.skipped = skipped
        self.unitsNow = unitsNow
        self.undoneAt = undoneAt
        self.undoneBy = undoneBy
    }
}

/// Why a maintenance operation changed nothing.
public enum MaintenanceError: Error, CustomStringConvertible, Sendable, Equatable {
    case unknownUnit(Int64)
    case emptySide(unit: Int64, language: String)
    case nothingToChange(unit: Int64)
    /// Someone changed the unit after the writer read it.
    case versionConflict(unit: Int64, expected: Int64, current: Int64)
    case unknownChange(Int64)
    case alreadyReverted(change: Int64, by: Int64)
    case cannotRevert(change: Int64, reason: String)
    case unknownImport(Int64)
    case importAlreadyUndone(Int64)
    case emptyPattern
    case badPattern(String, reason: String)
    /// A filter (and text) that selects no unit.
    case nothingMatches(String)
    /// Deleting by filter needs at least one condition.
    case filterNeeded

    public var description: String {
        switch self {
        case .unknownUnit(let id):
            return "there is no unit \(id) in the memory (it may have been deleted; `tmkit history \(id)` shows what happened to it)"
        case .emptySide(let unit, let language):
            return "unit \(unit): the \(language) side would be empty; a unit needs both sides (delete it instead with `tmkit delete \(unit)`)"
        case .nothingToChange(let unit):
            return "unit \(unit): the new text is the text already stored; nothing was changed"
        case .versionConflict(let unit, let expected, let current):
            return "unit \(unit) was changed by someone else since version \(expected) (it is now at version \(current)); "
                + "look at its current text and edit again"
        case .unknownChange(let id):
            return "there is no change \(id) in the history (`tmkit history` lists them)"
        case .alreadyReverted(let change, let by):
            return "change \(change) was already reverted by change \(by); revert \(by) to redo it"
        case .cannotRevert(let change, let reason):
            return "change \(change) cannot be reverted: \(reason). Nothing was changed"
        case .unknownImport(let id):
            return "there is no import \(id) (`tmkit imports` lists them)"
        case .importAlreadyUndone(let id):
            return "import \(id) was already undone"
        case .emptyPattern:
            return "the text to find is empty"
        case .badPattern(let pattern, let reason):
            return "the regular expression \(pattern) is not valid (\(reason)); nothing was changed"
        case .nothingMatches(let what):
            return "no unit matches (\(what)); nothing was changed"
        case .filterNeeded:
            return "give at least one condition (--origin, --document, --import, --since, --before, --changed-by, "
                + "--confidence-below, --confidence-above) or the ids of the units"
        }
    }
}

/// How the history stores and lists unit states.
public enum HistoryListing {
    /// Units shown per change in a listing (`tmkit history`); a change may touch far more.
    public static let unitsShown = 50

    /// A unit state as the history stores it (JSON, the keys of
    /// `UnitSnapshot`'s Codable form), nil for none. Written by hand:
    /// JSONEncoder costs about 20 µs a unit, and undoing an import of
    /// 100,000 units records every one of them.
    public static func encode(_ snapshot: UnitSnapshot?) -> String? {
        guard let s = snapshot else { return nil }
        var out = "{", first = true
        func key(_ name: String) {
            out += first ? "\"\(name)\":" : ",\"\(name)\":"
            first = false
        }
        func string(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            out += "\""
            // Most text needs no escape: appended whole.
            if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out += value
                out += "\""
                return
            }
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        }
        func number<N: LosslessStringConvertible>(_ name: String, _ value: N?) {
            guard let value else { return }
            key(name)
            out += String(value)
        }
        key("alsoImportedBy")
        out += "[" + s.alsoImportedBy.map(String.init).joined(separator: ",") + "]"
        number("changedAt", s.changedAt)
        string("changedBy", s.changedBy)
        number("confidence", s.confidence.flatMap { $0.isFinite ? $0 : nil })
        number("createdAt", s.createdAt)
        number("documentID", s.documentID)
        string("en", s.en)
        number("importID", s.importID)
        string("origin", s.origin)
        number("position", s.position)
        string("provenance", s.provenance)
        number("version", s.version)
        string("zh", s.zh)
        return out + "}"
    }

    public static func decode(_ json: String?) throws -> UnitSnapshot? {
        guard let json else { return nil }
        return try JSONDecoder().decode(UnitSnapshot.self, from: Data(json.utf8))
    }
}
