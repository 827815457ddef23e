/// FloWorx's release version, reported by `/health` and `floworx --version`.
public enum FloWorxVersion {
    /// The current version.
    public static let current = "0.1.0"
}
