import Foundation
import Testing
@testable import QuireSite

@Suite struct EmbeddedThemeTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../templates").standardized

    /// Every file of templates/ (vendor/ aside) is in the binary, byte for byte, and nothing else.
    @Test func matchesTemplatesFolder() throws {
        var onDisk: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: Self.templates.path)
        while let p = e?.nextObject() as? String {
            if p == "vendor" || p.hasPrefix("vendor/") { continue }
            if p.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDir: ObjCBool = false
            let url = Self.templates.appendingPathComponent(p)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue else { continue }
            onDisk[p] = try Data(contentsOf: url)
        }
        let embedded = Dictionary(uniqueKeysWithValues: EmbeddedTheme.files.map { ($0.path, $0.data) })
        let hint = "templates/ changed: run `python3 scripts/embed-theme.py` and commit Sources/QuireSite/Theme/EmbeddedTheme+Files.swift"
        #expect(Set(embedded.keys) == Set(onDisk.keys), "\(hint)")
        for (path, data) in onDisk {
            #expect(embedded[path] == data, "\(path) differs. \(hint)")
        }
        #expect(embedded["page.mustache"] != nil)
    }

    /// Written once into a private cache folder; a second call reuses it.
    @Test func folderIsWrittenOnceAndComplete() throws {
        let a = try EmbeddedTheme.folder()
        let b = try EmbeddedTheme.folder()
        #expect(a.standardizedFileURL.path == b.standardizedFileURL.path)
        for (path, data) in EmbeddedTheme.files {
            #expect(FileManager.default.contents(atPath: a.appendingPathComponent(path).path) == data, "\(path)")
        }
        #expect(SiteBuildOptions.defaultTemplates().standardizedFileURL.path == a.standardizedFileURL.path || ProcessInfo.processInfo.environment["QUIRE_TEMPLATES"] != nil)
    }
}
