import Hummingbird

/// `POST /api/feedback` `{answer_id, vote: "up"|"down", comment?}` → 201, one durable line in
/// `feedback.jsonl`; 503 when the server has no data directory (never lost silently).
struct FeedbackRoutes {
    typealias Context = QuireRequestContext
    let body: JSONBodyDecoder
    let feedback: EventLog?

    func add(to api: some RouterMethods<Context>) {
        api.post("feedback") { request, _ in try await record(request) }
    }

    func record(_ request: Request) async throws -> EditedResponse<FeedbackRecorded> {
        let vote = try await body.decode(FeedbackBody.self, from: request)
        guard let feedback else {
            throw APIError(.serviceUnavailable, "feedback_off", "feedback is not recorded by this server (no data directory)")
        }
        try feedback.append(FeedbackLogLine(time: EventLog.timestamp(), answerID: vote.answerID, vote: vote.vote, comment: vote.comment))
        return EditedResponse(status: .created, response: FeedbackRecorded())
    }
}
