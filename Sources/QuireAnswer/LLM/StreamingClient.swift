import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Posts a JSON body to a provider and streams its Server-Sent Events, with retries before
/// the first byte of the answer and timeouts throughout. Shared by every provider.
struct StreamingClient: Sendable {
    let client: HTTPClient
    let retry: RetryPolicy
    /// Whole request, answer included.
    let timeout: TimeAmount
    let logger: Logger

    /// Sends `body` and returns a 2xx response (after retries), or throws `LLMError`.
    func send(url: String, headers: [(String, String)], body: Data, provider: String) async throws -> HTTPClientResponse {
        var attempt = 0
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.headers.add(name: "accept", value: "text/event-stream")
            for (k, v) in headers { request.headers.add(name: k, value: v) }
            request.body = .bytes(ByteBuffer(bytes: body))
            var retryAfterMs: String?
            var retryAfter: String?
            var failure = LLMError(.network, "no response")
            do {
                let response = try await client.execute(request, timeout: timeout, logger: logger)
                let status = Int(response.status.code)
                if (200..<300).contains(status) { return response }
                let buffer = (try? await response.body.collect(upTo: 64 * 1024)) ?? ByteBuffer()
                let text = String(buffer: buffer)
                retryAfterMs = response.headers.first(name: "retry-after-ms")
                retryAfter = response.headers.first(name: "retry-after")
                let message = Self.errorMessage(text) ?? "HTTP \(status)"
                let kind: LLMError.Kind = status == 401 || status == 403 ? .auth
                    : (status == 429 && RetryPolicy.isQuotaError(text)) ? .quota : .http
                failure = LLMError(kind, status: status, message)
                let retryable = RetryPolicy.isRetryable(status: status, shouldRetryHeader: response.headers.first(name: "x-should-retry"), body: text)
                guard retryable, attempt < retry.maxRetries else { throw failure }
            } catch let error as HTTPClientError {
                failure = Self.map(error)
                guard attempt < retry.maxRetries, failure.kind == .network || failure.kind == .timeout else { throw failure }
            } catch let error as LLMError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failure = LLMError(.network, "\(type(of: error))")
                guard attempt < retry.maxRetries else { throw failure }
            }
            let wait = retry.delay(attempt: attempt, retryAfterMs: retryAfterMs, retryAfter: retryAfter)
            logger.warning("llm request failed, retrying", metadata: [
                "provider": "\(provider)", "error": "\(failure)", "attempt": "\(attempt + 1)", "wait_s": "\(wait)",
            ])
            try await Task.sleep(nanoseconds: UInt64(wait * 1e9))
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
            throw Self.map(error)
        }
        throw LLMError(.truncated, "the stream ended before the answer was complete")
    }

    static func map(_ error: HTTPClientError) -> LLMError {
        switch error {
        case .readTimeout, .connectTimeout, .deadlineExceeded:
            return LLMError(.timeout, "\(error)")
        case .remoteConnectionClosed:
            return LLMError(.truncated, "the provider closed the connection")
        default:
            return LLMError(.network, "\(error)")
        }
    }

    /// The human message of an OpenAI or Anthropic JSON error body.
    static func errorMessage(_ body: String) -> String? {
        guard let obj = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        if let e = obj["error"] as? [String: Any] {
            let type = (e["type"] as? String) ?? (e["code"] as? String)
            let msg = e["message"] as? String ?? ""
            return type.map { "\($0): \(msg)" } ?? msg
        }
        if let e = obj["error"] as? String { return e }
        return obj["message"] as? String
    }
}

extension JSONSerialization {
    static func object(_ s: String) -> [String: Any]? {
        (try? jsonObject(with: Data(s.utf8))) as? [String: Any]
    }
}
