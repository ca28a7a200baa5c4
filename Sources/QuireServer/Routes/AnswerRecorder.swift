import QuireAnswer

/// After each answer: the answer metrics (cache, retrieval and model time, tokens, fallbacks)
/// and a line in the question log that `quire report` reads.
struct AnswerRecorder: Sendable {
    let metrics: ServerMetrics
    let questions: EventLog?

    func record(_ ask: AskRequest, _ s: AnswerSummary) {
        if s.cached { metrics.cacheHits.increment() } else { metrics.cacheMisses.increment() }
        if !s.cached { metrics.retrieval.recordNanoseconds(Int64(s.retrievalSeconds * 1e9)) }
        if let l = s.llmSeconds { metrics.llm.recordNanoseconds(Int64(l * 1e9)) }
        if let i = s.inputTokens { metrics.tokensIn.increment(by: Int64(i)) }
        if let o = s.outputTokens { metrics.tokensOut.increment(by: Int64(o)) }
        if s.fallbackReason != nil { metrics.fallbacks.increment() }
        try? questions?.append(QuestionLogLine(time: EventLog.timestamp(), question: ask.question, summary: s))
    }
}
