import TMText

/// The maintenance operations on any memory, each one transaction.
extension TranslationMemoryStore {
    public func edit(unit id: Int64, en: String? = nil, zh: String? = nil, ifVersion: Int64? = nil,
                     by author: ChangeAuthor) throws -> MemoryChange {
        try maintain { try UnitMaintenance.edit($0, unit: id, en: en, zh: zh, ifVersion: ifVersion, by: author) }
    }

    public func delete(units ids: [Int64], by author: ChangeAuthor) throws -> MemoryChange {
        try maintain { try UnitMaintenance.delete($0, units: ids, by: author) }
    }

    public func undoImport(_ id: Int64, force: Bool = false, by author: ChangeAuthor) throws -> UnitMaintenance.UndoResult {
        try maintain { try UnitMaintenance.undoImport($0, importID: id, force: force, by: author) }
    }

    public func revert(change id: Int64, by author: ChangeAuthor) throws -> MemoryChange {
        try maintain { try UnitMaintenance.revert($0, change: id, by: author) }
    }

    public func replace(_ replacement: Replacement, filter: UnitFilter = UnitFilter(), apply: Bool,
                        by author: ChangeAuthor) throws -> (planned: [PlannedReplacement], change: MemoryChange?) {
        try maintain { try UnitMaintenance.replace($0, replacement, filter: filter, apply: apply, by: author) }
    }

    public func delete(matching filter: UnitFilter, apply: Bool, by author: ChangeAuthor) throws -> (ids: [Int64], change: MemoryChange?) {
        try maintain { try UnitMaintenance.delete($0, matching: filter, apply: apply, by: author) }
    }

    public func keep(unit id: Int64, language: Language = .en, by author: ChangeAuthor) throws -> MemoryChange {
        try maintain { try UnitMaintenance.keep($0, unit: id, language: language, by: author) }
    }
}
