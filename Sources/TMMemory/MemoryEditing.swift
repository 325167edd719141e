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
}
