/// `POST /api/feedback` body: `{"answer_id", "vote": "up"|"down", "comment"?}`.
struct FeedbackBody: Decodable {
    var answerID: String
    var vote: String
    var comment: String

    enum CodingKeys: String, CodingKey {
        case answerID = "answer_id", vote, comment
    }

    init(from decoder: any Decoder) throws {
        let limits = decoder.requestLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = try? c.decode(String.self, forKey: .answerID), !id.isEmpty, id.count <= 64 else {
            throw APIError.badRequest("missing or invalid 'answer_id' (the answer_id of the done event, a string)", field: "answer_id")
        }
        guard let vote = try? c.decode(String.self, forKey: .vote), vote == "up" || vote == "down" else {
            throw APIError.badRequest("'vote' must be \"up\" or \"down\"", field: "vote")
        }
        let comment = try c.field(String.self, .comment, orFail: "'comment' must be a string") ?? ""
        guard comment.count <= limits.maxCommentLength else {
            throw APIError.badRequest("'comment' is too long (limit \(limits.maxCommentLength) characters)", field: "comment", code: "too_long")
        }
        answerID = id
        self.vote = vote
        self.comment = comment
    }
}
