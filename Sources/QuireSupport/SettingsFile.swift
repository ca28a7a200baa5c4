import Foundation

/// Reading a settings file (`quire.yml`): a regular file, or a device such as `/dev/null` for
/// "no settings" (`Data(contentsOf:)` refuses devices). Nil when it cannot be opened or read.
public enum SettingsFile {
    public static func contents(of url: URL) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return nil }
        defer { try? handle.close() }
        return try? handle.readToEnd() ?? Data()
    }
}
