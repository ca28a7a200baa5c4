/// Limits on what a client may send, from `ServerConfiguration`. Request bodies see them while
/// they decode (`decoder.requestLimits`), so each error names its field as soon as it is found.
struct RequestLimits: Sendable {
    var maxBodyBytes = 64 * 1024
    var maxQuestionLength = 2_000
    var maxSelectionLength = 4_000
    var maxHistoryTurns = 20
    var maxK = 50
    var maxCommentLength = 2_000
    /// Seconds a request body may take to arrive (`RequestDeadlineHandler` enforces it).
    var bodyTimeoutSeconds = 10

    init() {}

    init(_ config: ServerConfiguration) {
        maxBodyBytes = config.maxBodyBytes
        maxQuestionLength = config.maxQuestionLength
        maxSelectionLength = config.maxSelectionLength
        maxHistoryTurns = config.maxHistoryTurns
        maxK = config.maxK
        bodyTimeoutSeconds = config.bodyTimeoutSeconds
    }
}

extension CodingUserInfoKey {
    static let requestLimits = CodingUserInfoKey(rawValue: "quire.requestLimits")!
}

extension Decoder {
    /// The limits `JSONBodyDecoder` passed in (defaults when decoded elsewhere, as in tests).
    var requestLimits: RequestLimits { userInfo[.requestLimits] as? RequestLimits ?? RequestLimits() }
}
