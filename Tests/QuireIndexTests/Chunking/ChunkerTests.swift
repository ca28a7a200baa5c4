import Foundation
import QuireMarkdown
import Testing
@testable import QuireIndex

@Suite struct ChunkerTests {
    let embedder = TestEmbedder()
    var chunker: Chunker { let e = embedder; return Chunker(tokenCount: { e.tokenCount($0) }) }

    func chunks(_ page: IndexPage) -> [Chunk] { chunker.chunks(for: page, pageIndex: 0) }

    @Test func everyChunkFitsWithItsPrefix() {
        for page in fixtureBook() {
            for c in chunks(page) {
                let n = embedder.tokenCount(Chunk.embeddedText(title: page.title, headings: c.headings, text: c.text))
                #expect(n <= 256, "\(page.source) \(c.headings): \(n) pieces")
                #expect(!c.text.isEmpty)
            }
        }
    }

    @Test func displayMathIsOneLineBetweenDoubleDollars() {
        let page = IndexPage(source: "m.md", url: "/docs/m", title: "M", blocks: [
            p("Dynamics with $\\tau$ torques:"), block(.math, "M(q)\\ddot q\n  + g(q) = \\tau"), block(.math, "  \n"),
        ])
        #expect(chunks(page).map(\.text) == ["Dynamics with $\\tau$ torques:\n$$M(q)\\ddot q + g(q) = \\tau$$"])
    }

    @Test func listItemsAreMarkedForReadersNotForTheEmbedder() {
        let page = IndexPage(source: "l.md", url: "/docs/l", title: "L", blocks: [
            p("Sensors:"), block(.list, "Lidar measures range. It spins.\nA camera sees colour."),
        ])
        let text = chunks(page).map(\.text)
        #expect(text == ["Sensors:\n• Lidar measures range. It spins.\n• A camera sees colour."])
        #expect(Chunk.readableText(text[0]) == "Sensors:\nLidar measures range. It spins.\nA camera sees colour.")
        #expect(Chunk.embeddedText(title: "L", headings: [], text: "• $x$ item\n  • not a marker") == "L\nx item\n  • not a marker")
    }

    @Test func headingPathsAnchorsAndTitle() {
        let page = fixtureBook()[1]
        let cs = chunks(page)
        #expect(cs.first?.headings == [])
        #expect(cs.first?.anchor == nil)
        #expect(cs.first?.text.hasPrefix("Inverse kinematics finds") == true)
        let jac = cs.filter { $0.anchor == "the-jacobian" }
        #expect(jac.count >= 3, "the 700-word section is split")
        #expect(jac.allSatisfy { $0.headings == ["The Jacobian"] })
        let damped = cs.first { $0.anchor == "damped-least-squares" }
        #expect(damped?.headings == ["The Jacobian", "Damped least squares"])
        #expect(Chunk.prefix(title: page.title, headings: damped?.headings ?? []) == "Inverse Kinematics › The Jacobian › Damped least squares")
    }

    @Test func longSectionsSplitEvenlyWithOverlap() {
        let cs = chunks(fixtureBook()[1]).filter { $0.anchor == "the-jacobian" }
        let sizes = cs.map { embedder.tokenCount($0.text) }
        #expect(sizes.max()! - sizes.min()! < 120, "parts of about equal size: \(sizes)")
        // The last sentence of a part starts the next one.
        for (a, b) in zip(cs, cs.dropFirst()) {
            let lastSentence = a.text.split(separator: "\n").last.map(String.init) ?? ""
            #expect(b.text.hasPrefix(lastSentence), "overlap between parts")
        }
    }

    @Test func smallCodeAndTablesWholeBigOnesAtLineBoundariesWithHeader() {
        let ros = chunks(fixtureBook()[3])
        let short = ros.filter { $0.text.contains("create_node('talker')") }
        #expect(short.count == 1)
        #expect(short[0].text.contains("import rclpy\nnode = rclpy.create_node('talker')\npub = node.create_publisher(String, 'chatter', 10)"))
        let long = ros.filter { $0.anchor == "long-example" }
        #expect(long.count >= 2)
        for c in long {
            for line in c.text.split(separator: "\n") { #expect(line.hasPrefix("    publisher.publish(message_"), "whole lines only") }
        }
        #expect(long.map { $0.text.split(separator: "\n").count }.reduce(0, +) == 120, "no line lost or repeated")

        let sensors = chunks(fixtureBook()[2])
        let big = sensors.filter { $0.anchor == "comparison" }
        #expect(big.count >= 2)
        for c in big { #expect(c.text.hasPrefix("Sensor | Range | Rate\n"), "header repeated") }
        let small = sensors.filter { $0.text.contains("Name | Value\nrange | 100 m\nrate | 10 Hz") }
        #expect(small.count == 1)
    }

    @Test func tinySectionsMerge() {
        let cs = chunks(fixtureBook()[4])
        // "Tip" (one word) does not stand alone: it joins a neighbour, keeping its heading as text.
        #expect(!cs.contains { $0.anchor == "tip" && $0.text == "Tip" })
        #expect(cs.count <= 2)
        #expect(cs.contains { $0.text.contains("Centroidal dynamics model") })
        #expect(cs.contains { $0.text.contains("Stance phase") })
    }

    @Test func pageWithoutBlocksUsesDescription() {
        let page = IndexPage(source: "x.md", url: "/docs/x", title: "X", description: "Only a description", blocks: [h(1, "X", "x")])
        #expect(chunks(page).map(\.text) == ["Only a description"])
        #expect(chunks(IndexPage(source: "y.md", url: "/docs/y", title: "Y", blocks: [])).isEmpty)
    }

    @Test func hugeWordsAndLinesAreCut() {
        let longLine = String(repeating: "abcdefghij", count: 400)
        let page = IndexPage(source: "z.md", url: "/docs/z", title: "Z", blocks: [
            block(.code, longLine), p(String(repeating: "word ", count: 2000)),
        ])
        for c in chunks(page) {
            #expect(embedder.tokenCount(Chunk.embeddedText(title: "Z", headings: c.headings, text: c.text)) <= 256)
        }
    }
}
