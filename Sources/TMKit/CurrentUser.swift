import Foundation

/// Who is writing, as the memory records it with imports and changes.
public enum CurrentUser {
    /// The name given, else $TMKIT_USER, else the login name.
    public static func resolve(_ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        for candidate in [given, environment["TMKIT_USER"], environment["USER"], environment["LOGNAME"]] {
            if let name = candidate?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty { return name }
        }
        let login = NSUserName()
        return login.isEmpty ? "unknown" : login
    }
}
