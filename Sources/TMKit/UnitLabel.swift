import TMMemory

/// How tables name a stored unit: its id first (what `tmkit edit`, `delete`
/// and `history` take), then where it came from. The unit's place in its
/// file is written out in words so that it is never taken for the id.
public enum UnitLabel {
    public static func describe(_ unit: StoredUnit) -> String {
        var parts = ["unit \(unit.id)", unit.origin.rawValue]
        if let document = unit.document, !document.isEmpty {
            parts.append(document + (unit.position.map { ", item \($0 + 1) in it" } ?? ""))
        }
        if let confidence = unit.confidence, unit.origin == .aligned {
            parts.append("alignment confidence \(String(format: "%.2f", confidence))")
        }
        return parts.joined(separator: " · ")
    }
}
