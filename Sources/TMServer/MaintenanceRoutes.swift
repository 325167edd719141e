import Foundation
import Hummingbird
import TMKit
import TMMemory
import TMText

/// The maintenance endpoints: units edited, deleted and put back, imports
/// undone, the history, find and replace, penalties. Every write needs a
/// write token; the token's name is recorded as the writer.
extension APIRoutes {
    func addMaintenance(to router: Router<BasicRequestContext>) {
        router.get("/units/:id") { request, context in
            try access.checkRead(request)
            let id = try unitID(context)
            let store = shared.store
            guard let unit = try await shared.read({ try store.unit(id) }) else { throw MaintenanceError.unknownUnit(id) }
            return try JSONBody.response(unit)
        }
        router.patch("/units/:id") { request, context in try await editUnit(request, context) }
        router.delete("/units/:id") { request, context in
            let author = ChangeAuthor(user: try access.checkWrite(request), command: "DELETE /units")
            let id = try unitID(context)
            let store = shared.store
            return try JSONBody.response(try await shared.write { try store.delete(units: [id], by: author) })
        }
        router.post("/units/delete") { request, _ in
            let author = ChangeAuthor(user: try access.checkWrite(request), command: "POST /units/delete")
            let body = try await decode(DeleteBody.self, from: request)
            let filter = try body.filter?.unitFilter() ?? UnitFilter()
            let store = shared.store
            let result = try await shared.write { try store.delete(matching: filter, apply: !(body.preview ?? true), by: author) }
            return try JSONBody.response(DeleteResult(units: result.ids.count, ids: Array(result.ids.prefix(1000)), change: result.change))
        }
        router.get("/imports") { request, _ in
            try access.checkRead(request)
            let store = shared.store
            return try JSONBody.response(try await shared.read { try store.imports() })
        }
        router.post("/imports/:id/undo") { request, context in
            let author = ChangeAuthor(user: try access.checkWrite(request), command: "POST /imports/undo")
            let id = try unitID(context)
            let force = try await optionalBody(UndoBody.self, from: request)?.force ?? false
            let store = shared.store
            let result = try await shared.write { try store.undoImport(id, force: force, by: author) }
            return try JSONBody.response(UndoResult(change: result.change, removed: result.removed, refiled: result.refiled,
                                                    keptEdited: result.keptEdited))
        }
        router.get("/history") { request, _ in
            try access.checkRead(request)
            let query = try Query(request)
            let unit = try query.int64("unit")
            let limit = try query.int("limit", default: 50, in: 1...1000)
            let store = shared.store
            return try JSONBody.response(try await shared.read { try store.history(unitID: unit, limit: limit) })
        }
        router.post("/history/:id/revert") { request, context in
            let author = ChangeAuthor(user: try access.checkWrite(request), command: "POST /history/revert")
            let id = try unitID(context)
            let store = shared.store
            return try JSONBody.response(try await shared.write { try store.revert(change: id, by: author) })
        }
        router.post("/replace") { request, _ in
            let author = ChangeAuthor(user: try access.checkWrite(request), command: "POST /replace")
            let body = try await decode(ReplaceBody.self, from: request)
            guard let language = Language(rawValue: body.side), language == .en || language == .zh else {
                throw InvalidInput("side must be en or zh")
            }
            let rule = Replacement(language: language, find: body.find, replacement: body.replacement,
                                   regularExpression: body.regex ?? false, caseSensitive: !(body.ignoreCase ?? false))
            let filter = try body.filter?.unitFilter() ?? UnitFilter()
            let store = shared.store
            let result = try await shared.write { try store.replace(rule, filter: filter, apply: !(body.preview ?? true), by: author) }
            return try JSONBody.response(ReplaceResult(units: result.planned.count, planned: Array(result.planned.prefix(1000)),
                                                       change: result.change))
        }
        router.get("/penalties") { request, _ in
            try access.checkRead(request)
            let store = shared.store
            return try JSONBody.response(PenaltyTable.effective(try await shared.read { try store.penalties() }))
        }
        router.put("/penalties/:scope") { request, context in
            try access.checkWrite(request)
            let scope = try penaltyScope(context)
            let body = try await decode(PenaltyBody.self, from: request)
            guard (1...100).contains(body.points) else { throw InvalidInput("points must be a whole number from 1 to 100") }
            let store = shared.store
            try await shared.write { try store.setPenalty(scope, points: body.points) }
            return try JSONBody.response(PenaltyTable.effective(try await shared.read { try store.penalties() }))
        }
        router.delete("/penalties/:scope") { request, context in
            try access.checkWrite(request)
            let scope = try penaltyScope(context)
            let store = shared.store
            try await shared.write { try store.setPenalty(scope, points: nil) }
            return try JSONBody.response(PenaltyTable.effective(try await shared.read { try store.penalties() }))
        }
    }

    /// Edits a unit; the version the writer saw comes in `If-Match` or the
    /// body, and a newer one answers 409 with the unit as it is now.
    private func editUnit(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let author = ChangeAuthor(user: try access.checkWrite(request), command: "PATCH /units")
        let id = try unitID(context)
        let body = try await decode(EditBody.self, from: request)
        guard body.en != nil || body.zh != nil else { throw InvalidInput("give en, zh or both") }
        var version = body.version
        if let header = request.headers[.ifMatch] {
            let digits = header.trimmingCharacters(in: CharacterSet(charactersIn: " \"W/"))
            guard let value = Int64(digits) else { throw InvalidInput("If-Match must hold the unit's version, a whole number") }
            version = value
        }
        let store = shared.store
        let expected = version
        do {
            let change = try await shared.write { try store.edit(unit: id, en: body.en, zh: body.zh, ifVersion: expected, by: author) }
            return try JSONBody.response(change)
        } catch let error as MaintenanceError {
            guard case .versionConflict = error, let current = try await shared.read({ try store.unit(id) }) else { throw error }
            return try JSONBody.response(Conflict(error: .init(message: error.description), current: current), status: .conflict)
        }
    }

    private func unitID(_ context: BasicRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self), id > 0 else { throw InvalidInput("the id must be a whole number above 0") }
        return id
    }

    private func penaltyScope(_ context: BasicRequestContext) throws -> PenaltyScope {
        guard let raw = context.parameters.get("scope"), let scope = PenaltyScope(raw.removingPercentEncoding ?? raw) else {
            throw InvalidInput("the scope must be an origin (tmx, tsv, xliff, aligned, manual, translated) or import:ID")
        }
        return scope
    }

    /// A JSON body that may be left out.
    private func optionalBody<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T? {
        try checkDeclaredLength(request)
        let buffer = try await request.body.collect(upTo: bodyLimit)
        guard buffer.readableBytes > 0 else { return nil }
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }
}

/// A filter as a request body gives it (the query parameters' names).
struct FilterBody: Decodable {
    var origin: [String]?
    var document: String?
    var `import`: Int64?
    var since: String?
    var before: String?
    var changedBy: String?
    var confidenceBelow: Double?
    var confidenceAbove: Double?

    func unitFilter() throws -> UnitFilter {
        try InvalidInput.from { try UnitFilter.parse(origins: origin ?? [], document: document, importID: `import`, since: since, before: before,
                             changedBy: changedBy, confidenceBelow: confidenceBelow, confidenceAbove: confidenceAbove) }
    }
}

extension Query {
    /// The filter in query parameters (origin may list several, comma-separated).
    func filter() throws -> UnitFilter {
        let importID = try int64("import"), below = try double("confidenceBelow"), above = try double("confidenceAbove")
        return try InvalidInput.from { try UnitFilter.parse(origins: value("origin")?.split(separator: ",").map { String($0) } ?? [], document: value("document"),
                             importID: importID, since: value("since"), before: value("before"), changedBy: value("changedBy"),
                             confidenceBelow: below, confidenceAbove: above) }
    }

    func int64(_ name: String) throws -> Int64? {
        guard let raw = value(name) else { return nil }
        guard let n = Int64(raw), n > 0 else { throw InvalidInput("\(name) must be a whole number above 0") }
        return n
    }

    func double(_ name: String) throws -> Double? {
        guard let raw = value(name) else { return nil }
        guard let x = Double(raw), x.isFinite else { throw InvalidInput("\(name) must be a number") }
        return x
    }
}

extension InvalidInput {
    /// Runs `body`, a bad filter value becoming a 400 answer.
    static func from<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as FilterInputError { throw InvalidInput(error.description) }
    }
}

struct EditBody: Decodable { var en: String?; var zh: String?; var version: Int64? }
struct DeleteBody: Decodable { var filter: FilterBody?; var preview: Bool? }
struct UndoBody: Decodable { var force: Bool? }
struct PenaltyBody: Decodable { var points: Int }
struct ReplaceBody: Decodable {
    var side: String
    var find: String
    var replacement: String
    var regex: Bool?
    var ignoreCase: Bool?
    var preview: Bool?
    var filter: FilterBody?
}

struct DeleteResult: Encodable { var units: Int; var ids: [Int64]; var change: MemoryChange? }
struct ReplaceResult: Encodable { var units: Int; var planned: [PlannedReplacement]; var change: MemoryChange? }
struct UndoResult: Encodable { var change: MemoryChange; var removed: Int; var refiled: Int; var keptEdited: [Int64] }
struct Conflict: Encodable {
    var error: ErrorBody.Inner
    var current: StoredUnit
}
