import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Posts a JSON body to a provider and streams its Server-Sent Events. Shared by every
/// provider.
///
/// Before the answer starts it retries what the official SDKs retry (`RetryPolicy`), but
/// never waits more than `retry.budget` seconds in all: a `Retry-After` longer than what is
/// left fails now, so the reader gets the book's answer instead of a spinner. A provider that
/// cannot be reached (connection refused, host not found, connect timeout) is not retried.
/// Time limits on the answer itself are `ResilientProvider`'s.
struct StreamingClient: Sendable {
    let client: HTTPClient
    let retry: RetryPolicy
    /// Whole request, answer included (a backstop: `ResilientProvider` enforces it too).
    let timeout: TimeAmount
    let logger: Logger

    /// Sends `body` and returns a 2xx response (after retries), or throws `LLMError`.
    func send(url: String, headers: [(String, String)], body: some Encodable, provider: String) async throws -> HTTPClientResponse {
        let payload = try JSONEncoder().encode(body)
        var attempt = 0
        var waited = 0.0
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.headers.add(name: "accept", value: "text/event-stream")
            for (k, v) in headers { request.headers.add(name: k, value: v) }
            request.body = .bytes(ByteBuffer(bytes: payload))
            var retryAfter: Double?
            var failure = LLMError(.network, "no response")
            do {
                let response = try await client.execute(request, timeout: timeout, logger: logger)
                let status = Int(response.status.code)
                if (200..<300).contains(status) { return response }
                let text = String(buffer: (try? await response.body.collect(upTo: 64 * 1024)) ?? ByteBuffer())
                retryAfter = RetryPolicy.retryAfter(ms: response.headers.first(name: "retry-after-ms"),
                                                    value: response.headers.first(name: "retry-after"))
                let message = ProviderErrorDetail.message(inBody: text) ?? "HTTP \(status)"
                let kind: LLMError.Kind = status == 401 || status == 403 ? .auth
                    : (status == 429 && RetryPolicy.isQuotaError(text)) ? .quota : .http
                failure = LLMError(kind, status: status, message)
                let retryable = RetryPolicy.isRetryable(status: status, shouldRetryHeader: response.headers.first(name: "x-should-retry"), body: text)
                guard retryable, attempt < retry.maxRetries else { throw failure }
            } catch let error as LLMError {
                throw error
            } catch let error as HTTPClientError {
                if error == .cancelled { throw CancellationError() }
                failure = Self.map(error, url: url)
                guard attempt < retry.maxRetries, failure.kind == .network || failure.kind == .truncated else { throw failure }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // Not an HTTP error: the connection could not be made (NIOConnectionError,
                // IOError, DNS). The pool does not retry it (LLMHTTPClient), and neither do we.
                if Task.isCancelled { throw CancellationError() }
                throw Self.unreachable(error, url: url)
            }
            let left = retry.budget - waited
            if let retryAfter, retryAfter > left {
                throw LLMError(failure.kind, status: failure.status,
                               "\(failure.message) (the provider asks to retry after \(Self.seconds(retryAfter)) s, more than the \(Self.seconds(retry.budget)) s retry budget)")
            }
            let wait = min(retryAfter ?? retry.delay(attempt: attempt, retryAfterMs: nil, retryAfter: nil), left)
            guard wait > 0 || retryAfter == 0 else {
                throw LLMError(failure.kind, status: failure.status, "\(failure.message) (retry budget of \(Self.seconds(retry.budget)) s used up)")
            }
            logger.warning("llm request failed, retrying", metadata: [
                "provider": "\(provider)", "error": "\(failure)", "attempt": "\(attempt + 1)", "wait_s": "\(Self.seconds(wait))",
            ])
            try await Task.sleep(for: .seconds(wait))
            waited += wait
            attempt += 1
        }
    }

    /// Streams the response body through an SSE parser. `handle` returns true when the
    /// provider has said the answer is complete; a body that ends before that throws
    /// `LLMError(.truncated)`.
    func events(of response: HTTPClientResponse, handle: (SSEEvent) throws -> Bool) async throws {
        var parser = SSEParser()
        do {
            for try await buffer in response.body {
                for event in parser.feed(buffer.readableBytesView) {
                    if try handle(event) { return }
                }
            }
        } catch let error as HTTPClientError {
            if error == .cancelled { throw CancellationError() }
            throw Self.map(error, url: nil)
        } catch let error as LLMError {
            throw error
        } catch {
            // The connection broke mid-body (e.g. a chunked body cut off: HTTPParserError).
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            throw LLMError(.truncated, "the stream broke off: \(error)")
        }
        throw LLMError(.truncated, "the stream ended before the answer was complete")
    }

    /// Decodes one event's JSON, or says which provider sent something else.
    static func decode<T: Decodable>(_ type: T.Type, _ event: SSEEvent) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(event.data.utf8))
        } catch {
            throw LLMError(.decoding, "a stream event is not the expected JSON: \(event.data.prefix(120))")
        }
    }

    static func map(_ error: HTTPClientError, url: String?) -> LLMError {
        switch error {
        case .connectTimeout:
            return LLMError(.unreachable, "could not connect to \(host(url)) within the connect timeout")
        case .readTimeout, .deadlineExceeded:
            return LLMError(.timeout, "\(error)")
        case .remoteConnectionClosed:
            return LLMError(.truncated, "the provider closed the connection")
        default:
            return LLMError(.network, "\(error)")
        }
    }

    /// A connection that could not be made, said plainly: refused, unknown host or other.
    static func unreachable(_ error: Error, url: String) -> LLMError {
        let text = "\(error)"
        let lower = text.lowercased()
        let why: String
        if lower.contains("refused") {
            why = "connection refused: nothing listens there"
        } else if lower.contains("socketaddresserror") || lower.contains("name or service not known") || lower.contains("no address associated") {
            why = "host not found"
        } else {
            why = text
        }
        return LLMError(.unreachable, "cannot reach \(host(url)) (\(why))")
    }

    static func host(_ url: String?) -> String {
        guard let url, let u = URL(string: url), let host = u.host else { return "the provider" }
        return u.port.map { "\(host):\($0)" } ?? host
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(format: "%.2g", s)
    }
}
