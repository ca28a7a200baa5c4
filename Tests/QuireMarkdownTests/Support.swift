import Testing
@testable import QuireMarkdown

func render(_ md: String, lineOffset: Int = 0, resolve: @escaping LinkResolver = { _ in nil }) -> MarkdownDocument {
    MarkdownRenderer().render(md, lineOffset: lineOffset, resolveLink: resolve)
}

/// Reads a file from the test bundle's Fixtures folder.
func fixture(_ name: String) throws -> String {
    let dir = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")) + "/Fixtures/"
    return try readFile(dir + name)
}

struct FileError: Error { var path: String }

func readFile(_ path: String) throws -> String {
    guard let f = fopen(path, "rb") else { throw FileError(path: path) }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n <= 0 { break }
        bytes.append(contentsOf: buf[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
