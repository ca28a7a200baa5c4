import QuireAnswer
import QuireIndex

/// One line of `questions.jsonl` (read by `quire report`).
struct QuestionLogLine: Encodable {
    var time: String
    var answerID: String
    var question: String
    var mode: AnswerMode
    var covered: Bool
    var relevance: Double
    var cached: Bool

    enum CodingKeys: String, CodingKey {
        case time, answerID = "answer_id", question, mode, covered, relevance, cached
    }

    init(time: String, question: String, summary s: AnswerSummary) {
        self.time = time
        answerID = s.answerID
        self.question = question
        mode = s.mode
        covered = s.covered
        relevance = JSONText.rounded(s.relevance, digits: 3)
        cached = s.cached
    }
}

/// One line of `feedback.jsonl`.
struct FeedbackLogLine: Encodable {
    var time: String
    var answerID: String
    var vote: String
    var comment: String

    enum CodingKeys: String, CodingKey {
        case time, answerID = "answer_id", vote, comment
    }
}
