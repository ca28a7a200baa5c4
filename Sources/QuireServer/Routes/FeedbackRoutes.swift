import Hummingbird
import QuireSupport

/// `POST /api/feedback` `{answer_id, vote: "up"|"down", comment?}` → 201, one durable line in
/// `feedback.jsonl`; 503 when the server has no data directory (never lost silently); 404 for
/// an `answer_id` this server (or a replica with the same `QUIRE_FEEDBACK_KEY`) never issued;
/// 409 for a second vote on the same answer.
struct FeedbackRoutes {
    typealias Context = QuireRequestContext
    let body: JSONBodyDecoder
    let feedback: EventLog?
    var issued: IssuedID = .process
    var voted = VotedAnswers()

    func add(to api: some RouterMethods<Context>) {
        api.post("feedback") { request, _ in try await record(request) }
    }

    func record(_ request: Request) async throws -> EditedResponse<FeedbackRecorded> {
        let vote = try await body.decode(FeedbackBody.self, from: request)
        guard let feedback else {
            throw APIError(.serviceUnavailable, "feedback_off", "feedback is not recorded by this server (no data directory)")
        }
        guard issued.isIssued(vote.answerID) else {
            throw APIError(.notFound, "unknown_answer", "answer_id '\(vote.answerID)' was not issued by this server: send the answer_id of an answer's done event", field: "answer_id")
        }
        guard voted.first(vote.answerID) else {
            throw APIError(.conflict, "already_voted", "this answer already has a vote", field: "answer_id")
        }
        try feedback.append(FeedbackLogLine(time: EventLog.timestamp(), answerID: vote.answerID, vote: vote.vote, comment: vote.comment))
        return EditedResponse(status: .created, response: FeedbackRecorded())
    }
}
