import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A language-model server that misbehaves on purpose, on a real loopback socket: plain
/// POSIX sockets and one thread per connection, so that what the client sees is exactly
/// what a dead, sleeping or dying provider sends (nothing, headers only, a cut body).
final class FakeLLMServer: Sendable {
    enum Reply: Sendable {
        /// Accepts the connection, reads the request, never answers.
        case silent
        /// `200` with event-stream headers, then nothing.
        case headersThenStall
        /// A complete JSON response.
        case status(Int, headers: [String: String], body: String)
        /// `200`, then these SSE pieces (`gapMs` apart); `die` closes the connection instead
        /// of ending the chunked body.
        case stream([String], gapMs: Int = 0, die: Bool = false)
    }

    struct Request: Sendable {
        var path: String
        var headers: [String: String]
        var body: String
    }

    private struct State {
        var replies: [Reply]
        var requests: [Request] = []
        var connections: [Int32] = []
        var stopped = false
    }

    let port: Int
    private let listener: Int32
    private let state: Mutex<State>

    /// Replies are used in order; the last one repeats.
    init(_ replies: [Reply]) throws {
        state = Mutex(State(replies: replies))
        (listener, port) = try Self.openListener()
        let server = self
        Thread { server.acceptLoop() }.start()
    }

    deinit { stop() }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [Request] { state.withLock { $0.requests } }

    /// Replaces what the next requests get (a provider coming back).
    func reply(_ replies: [Reply]) { state.withLock { $0.replies = replies } }

    func stop() {
        let fds = state.withLock { s -> [Int32] in
            if s.stopped { return [] }
            s.stopped = true
            return s.connections + [listener]
        }
        for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// A loopback port where nothing listens: connecting to it is refused.
    static func closedPort() throws -> Int {
        let (fd, port) = try openListener(backlog: nil)
        close(fd)
        return port
    }

    // MARK: - Sockets

    private static func openListener(backlog: Int32? = 16) throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        guard bound else { close(fd); throw POSIXError(.EADDRINUSE) }
        if let backlog, listen(fd, backlog) != 0 { close(fd); throw POSIXError(.EIO) }
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            let keep = state.withLock { s -> Bool in
                if s.stopped { return false }
                s.connections.append(fd)
                return true
            }
            guard keep else { close(fd); continue }
            let server = self
            Thread { server.serve(fd) }.start()
        }
    }

    private var stopped: Bool { state.withLock { $0.stopped } }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var pending = [UInt8]()
        while let request = readRequest(fd, &pending) {
            let reply = state.withLock { s -> Reply in
                s.requests.append(request)
                return s.replies.count > 1 ? s.replies.removeFirst() : s.replies[0]
            }
            switch reply {
            case .silent:
                waitUntilStopped()
                return
            case .headersThenStall:
                write(fd, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
                waitUntilStopped()
                return
            case .status(let code, let headers, let body):
                var head = "HTTP/1.1 \(code) Fake\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n"
                for (k, v) in headers { head += "\(k): \(v)\r\n" }
                write(fd, head + "\r\n" + body)
            case .stream(let pieces, let gapMs, let die):
                write(fd, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
                for piece in pieces {
                    write(fd, String(piece.utf8.count, radix: 16) + "\r\n" + piece + "\r\n")
                    if gapMs > 0 { usleep(UInt32(gapMs) * 1000) }
                    if stopped { return }
                }
                if die { return }
                write(fd, "0\r\n\r\n")
            }
        }
    }

    private func waitUntilStopped() {
        while !stopped { usleep(20_000) }
    }

    private func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }

    /// One HTTP/1.1 request (head and content-length body), or nil at end of connection.
    private func readRequest(_ fd: Int32, _ pending: inout [UInt8]) -> Request? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var buffer = [UInt8](repeating: 0, count: 16_384)
        func fill() -> Bool {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return false }
            pending += buffer[0..<n]
            return true
        }
        var end: Int?
        while end == nil {
            if pending.count >= 4 {
                end = (0...(pending.count - 4)).first { Array(pending[$0..<$0 + 4]) == separator }
            }
            if end == nil, !fill() { return nil }
        }
        let head = String(decoding: pending[0..<end!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let path = lines.removeFirst().split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        pending.removeFirst(end! + 4)
        while pending.count < length { if !fill() { return nil } }
        let body = String(decoding: pending[0..<length], as: UTF8.self)
        pending.removeFirst(length)
        return Request(path: path, headers: headers, body: body)
    }
}

extension FakeLLMServer {
    /// OpenAI-style SSE pieces for these text deltas, ending with `[DONE]`.
    static func openAIEvents(_ deltas: [String], done: Bool = true) -> [String] {
        deltas.map { d in
            let escaped = d.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "data: {\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"\(escaped)\"}}]}\n\n"
        } + (done ? ["data: [DONE]\n\n"] : [])
    }
}
