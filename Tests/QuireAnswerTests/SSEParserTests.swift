import Testing
@testable import QuireAnswer

@Suite struct SSEParserTests {
    func parse(_ chunks: [String]) -> [SSEEvent] {
        var p = SSEParser()
        return chunks.flatMap { p.feed(Array($0.utf8)) }
    }

    @Test func multiLineDataCommentsAndEventTypes() {
        let events = parse([": keep-alive comment\n", "event: delta\ndata: one\ndata:two\n\n", "data: [DONE]\n\n"])
        #expect(events == [SSEEvent(event: "delta", data: "one\ntwo"), SSEEvent(event: "message", data: "[DONE]")])
    }

    @Test func anyChunkingAndLineEndingGivesTheSameEvents() {
        let text = "event: a\r\ndata: x\r\n\r\nid: 7\rdata: y\r\rdata: {\"k\": 1}\n\n"
        let whole = parse([text])
        #expect(whole == [SSEEvent(event: "a", data: "x"), SSEEvent(data: "y", id: "7"), SSEEvent(data: "{\"k\": 1}", id: "7")])
        let bytes = Array(text.utf8)
        for split in 1..<bytes.count {
            var p = SSEParser()
            let events = p.feed(bytes[..<split]) + p.feed(bytes[split...])
            #expect(events == whole, "split at \(split)")
        }
    }

    @Test func eventWithoutDataOrUnterminatedIsNotDispatched() {
        var p = SSEParser()
        #expect(p.feed(Array("event: ping\n\ndata: partial".utf8)).isEmpty)
        p.finish()
        #expect(p.feed(Array("\n\n".utf8)).isEmpty)
    }

    @Test func retryAndFieldWithoutColon() {
        var p = SSEParser()
        let e = p.feed(Array("retry: 1500\ndata\n\n".utf8))
        #expect(e == [SSEEvent(data: "")])
        #expect(p.retryMilliseconds == 1500)
    }
}
