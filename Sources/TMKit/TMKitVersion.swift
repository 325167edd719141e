/// The version `tmkit --version` prints and the server reports.
public enum TMKitVersion {
    public static let current = "0.9.0"
}
