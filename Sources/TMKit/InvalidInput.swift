import Foundation

/// A request that cannot be carried out as given (a missing field, an empty side).
public struct InvalidInput: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
