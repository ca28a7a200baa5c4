import Foundation
import Testing
@testable import QuireAnswer
import QuireIndex

@Suite struct ExtractiveAnswererTests {
    static func result(_ rank: Int, _ chunk: Int, _ url: String, _ source: String, _ title: String, _ heading: String, _ text: String) -> SearchResult {
        SearchResult(rank: rank, score: 1 / Double(rank), source: source, url: url, title: title, headings: [heading], text: text, chunkID: chunk)
    }

    let results = [
        result(1, 0, "/docs/k#the-jacobian", "k.md", "Inverse Kinematics", "The Jacobian",
               "It is a matrix of partial derivatives. The Jacobian relates joint velocities to end-effector velocities. Damping keeps the pseudo-inverse stable near singularities."),
        result(2, 1, "/docs/s#lidar", "s.md", "Sensors", "LIDAR", "A LIDAR measures distance with laser pulses and their time of flight."),
    ]

    @Test func quotesTheAnsweringSentenceFirstWithItsCitation() {
        let a = ExtractiveAnswerer().answer(question: "What does the Jacobian relate?", sources: results, covered: true)
        #expect(a.paragraphs.first == ExtractiveAnswerer.extractedNote)
        #expect(a.paragraphs[1].hasPrefix("> The Jacobian relates joint velocities to end-effector velocities."))
        #expect(a.paragraphs[1].hasSuffix("[1]"))
        #expect(a.citations.map(\.url) == ["/docs/k#the-jacobian"])
        #expect(a.citations[0].source == "k.md")
        #expect(!a.paragraphs.joined().contains("laser"))
    }

    @Test func oneNumberPerSectionInOrderOfFirstUse() {
        // Two chunks of one section (same URL) and a second section ranked above the other chunk.
        let rs = [
            Self.result(1, 7, "/docs/p#windup", "p.md", "PID", "Integral windup", "Integral windup happens when the actuator saturates and the integral keeps growing."),
            Self.result(2, 3, "/docs/q#other", "q.md", "Other", "Saturation", "Actuator saturation limits the integral windup a controller can recover from."),
            Self.result(3, 8, "/docs/p#windup", "p.md", "PID", "Integral windup", "Clamping the integral prevents windup when the actuator saturates."),
        ]
        let a = ExtractiveAnswerer().answer(question: "what is integral windup when the actuator saturates", sources: rs, covered: true)
        let text = a.paragraphs.joined(separator: "\n")
        #expect(Set(a.citations.map(\.url)).count == a.citations.count)
        #expect(a.citations.first?.url == "/docs/p#windup")
        #expect(AnswerEval.citationProblem(text, a.citations) == nil)
        #expect(AnswerEval.markers(text).allSatisfy { n in a.citations.contains { $0.n == n } })
        #expect(!text.contains("[3]"))
    }

    @Test func notCoveredListsTheClosestSectionsOnce() {
        let rs = results + [Self.result(3, 2, "/docs/k#the-jacobian", "k.md", "Inverse Kinematics", "The Jacobian", "More text.")]
        let a = ExtractiveAnswerer().answer(question: "Who won the 1998 World Cup?", sources: rs, covered: false)
        #expect(a.paragraphs[0].hasPrefix(ExtractiveAnswerer.notCoveredNote))
        #expect(a.paragraphs[1] == "- [1] Inverse Kinematics › The Jacobian\n- [2] Sensors › LIDAR")
        #expect(a.citations.map(\.n) == [1, 2])
        #expect(!a.paragraphs.joined().contains(">"))
    }

    @Test func codeIsQuotedAsCodeAndMathAsUnicode() {
        let u = TextUnit(text: "ros2 run demo_nodes_cpp talker", kind: .code, line: 0, position: 0)
        #expect(ExtractiveAnswerer.display(u) == "`ros2 run demo_nodes_cpp talker`")
        let m = TextUnit(text: "The torque is \\tau = J^T F at the joints.", kind: .prose, line: 0, position: 0)
        #expect(ExtractiveAnswerer.display(m) == "The torque is τ = Jᵀ F at the joints.")
        // Delimited math stays TeX: the chat renders it with KaTeX, `quire ask` prints Unicode.
        let d = TextUnit(text: "Then $\\ddot q = M^{-1}\\tau$ holds.", kind: .prose, line: 0, position: 0)
        #expect(ExtractiveAnswerer.display(d) == "Then $\\ddot q = M^{-1}\\tau$ holds.")
    }

    @Test func delimitedMathIsFoundAsRemarkMathReadsIt() {
        for math in ["$q$", "a $\\theta_1$ b", "$$x^2$$", "\\(x\\)", "\\[\\sum_i x_i\\]", "($\\tau$)"] {
            #expect(MathText.hasDelimitedMath(math), "\(math)")
        }
        for text in ["costs $5 or $10", "a $ b $ c", "no math", "$x\nx$", "\\$x\\$", "$", "$$"] {
            #expect(!MathText.hasDelimitedMath(text), "\(text)")
        }
    }

    @Test func askJSONCarriesTheSourceInContractOrder() {
        let c = Citation(n: 1, url: "/docs/a#x", source: "a.md", title: "A \"q\"", headings: ["X"])
        let r = AskResult(answer: "See [1].", citations: [c], mode: .extractive, covered: true)
        #expect(r.json() == "{\"answer\": \"See [1].\", \"citations\": [{\"n\": 1, \"url\": \"/docs/a#x\", \"source\": \"a.md\", \"title\": \"A \\\"q\\\"\", \"headings\": [\"X\"]}], \"mode\": \"extractive\", \"covered\": true}")
    }

    @Test func citationProblemsAreFound() {
        let a = Citation(n: 1, url: "/docs/a#x", source: "a.md", title: "A", headings: [])
        var b = a
        b.n = 2
        #expect(AnswerEval.citationProblem("x [1] y [2]", [a, b]) != nil)  // one section, two numbers
        b.url = "/docs/b"
        #expect(AnswerEval.citationProblem("x [1] y [2]", [a, b]) == nil)
        #expect(AnswerEval.citationProblem("x [2] y [1]", [a, b]) != nil)  // not in order of first use
        #expect(AnswerEval.citationProblem("x [3]", [a, b]) != nil)
        #expect(AnswerEval.markers("a [1] b [12][3] [x] [") == [1, 12, 3])
    }
}

@Suite struct TextUnitTests {
    @Test func sentencesRespectAbbreviationsNumbersAndBrackets() {
        #expect(TextUnits.sentences("One. Two? Three! Four") == ["One.", "Two?", "Three!", "Four"])
        #expect(TextUnits.sentences("Use a filter, e.g. a Kalman filter. Then tune it.") == ["Use a filter, e.g. a Kalman filter.", "Then tune it."])
        #expect(TextUnits.sentences("Version 1.2 is out. It costs 3.5 units (see Fig. 2. Or not).") == ["Version 1.2 is out.", "It costs 3.5 units (see Fig. 2. Or not)."])
        #expect(TextUnits.sentences("He said \"stop.\" Then it stopped.") == ["He said \"stop.\"", "Then it stopped."])
        #expect(TextUnits.sentences("ends with lower. case continues") == ["ends with lower. case continues"])
        #expect(TextUnits.sentences("Take $x = a. B$ here. Next one.") == ["Take $x = a. B$ here.", "Next one."])
    }

    @Test func listItemsAreWholeUnits() {
        let units = TextUnits.split("Steps:\n• Calibrate the IMU. Then the camera.\n• Record a bag.\nDone. Next step.")
        #expect(units.map(\.text) == ["Steps:", "Calibrate the IMU. Then the camera.", "Record a bag.", "Done.", "Next step."])
        #expect(units.map(\.kind) == [.prose, .prose, .prose, .prose, .prose])
    }

    @Test func displayMathIsOneWholeUnit() {
        let units = TextUnits.split("The dynamics are:\n$$M(q)\\ddot q + C(q, \\dot q) = \\tau. B$$\nThen integrate.")
        #expect(units.map(\.text) == ["The dynamics are:", "$$M(q)\\ddot q + C(q, \\dot q) = \\tau. B$$", "Then integrate."])
        #expect(units[1].kind == .prose)
    }

    @Test func codeLinesAndTableRowsStayWhole() {
        let text = "The node publishes. It is simple.\n    self.pub.publish(msg)  # send. Now\nros2 topic echo /chatter\nSensor | Range | Notes. Here\nA list item. With two sentences"
        let units = TextUnits.split(text)
        #expect(units.map(\.text) == ["The node publishes.", "It is simple.", "self.pub.publish(msg)  # send. Now", "ros2 topic echo /chatter",
                                      "Sensor | Range | Notes. Here", "A list item.", "With two sentences"])
        #expect(units.map(\.kind) == [.prose, .prose, .code, .code, .row, .prose, .prose])
        #expect(units.map(\.position) == Array(0..<7))
        #expect(!TextUnits.isCode("The robot moves (slowly) to the goal."))
        #expect(TextUnits.isCode("x = np.array([1, 2, 3])"))
    }
}

@Suite struct MathTextTests {
    @Test func commonMathBecomesUnicode() {
        #expect(MathText.plain("\\alpha + \\beta \\cdot \\gamma") == "α + β · γ")
        #expect(MathText.plain("x^2 + y_1 = z^{n+1}") == "x² + y₁ = zⁿ⁺¹")
        #expect(MathText.plain("\\frac{a}{b} and \\frac{x+1}{2}") == "a/b and (x+1)/2")
        #expect(MathText.plain("\\sqrt{x^2 + y^2}") == "√(x² + y²)")
        #expect(MathText.plain("\\dot q and \\ddot{q}") == "q̇ and q̈")
        #expect(MathText.plain("m \\times n matrix, \\theta_1 \\le \\pi") == "m × n matrix, θ₁ ≤ π")
        #expect(MathText.plain("$J^{-1}$ and $$\\mathbf{v} = J(q)\\dot q$$") == "J⁻¹ and v = J(q)q̇")
        #expect(MathText.plain("\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}") == "[a b; c d]")
        #expect(MathText.plain("p_{i-1} and z_{i}") == "pᵢ₋₁ and zᵢ")
        #expect(MathText.plain("e^{-t/\\tau}") == "e^(-t/τ)")
    }

    @Test func identifiersAndPlainTextPassThrough() {
        #expect(MathText.plain("base_link and slam_toolbox and cmd_vel") == "base_link and slam_toolbox and cmd_vel")
        #expect(MathText.plain("no math here") == "no math here")
        #expect(MathText.plain("costs $5 or _ alone") == "costs 5 or _ alone")
    }
}

@Suite struct CoverageModelTests {
    @Test func decisionFollowsTheEvidence() {
        let m = CoverageModel.calibrated
        let strong = CoverageFeatures(chunkCosine: 0.7, sentenceCosine: 0.65, lexicalShare: 0.9, vocabularyShare: 1, knownWords: 1, contentWords: 4)
        let weak = CoverageFeatures(chunkCosine: 0.1, sentenceCosine: 0.12, lexicalShare: 0.1, vocabularyShare: 0.3, knownWords: 0.5, contentWords: 4)
        #expect(m.covered(strong))
        #expect(!m.covered(weak))
        var none = strong
        none.contentWords = 0
        #expect(!m.covered(none))
        // More evidence never lowers the probability.
        var more = weak
        for keyPath in [\CoverageFeatures.chunkCosine, \.sentenceCosine, \.lexicalShare, \.vocabularyShare] {
            let before = m.probability(more)
            more[keyPath: keyPath] += 0.2
            #expect(m.probability(more) >= before)
        }
    }
}

@Suite struct SnippetMathTests {
    @Test func searchJSONCarriesMathAsUnicode() {
        let r = SearchResult(rank: 1, score: 0.5, source: "k.md", url: "/docs/k#j", title: "K", headings: [],
                             text: "The torque is \\tau = J^T F.\nbase_link stays", chunkID: 3)
        let json = SearchResponse(query: "q", tookMs: 1, results: [r]).json()
        #expect(json.contains("\"text\": \"The torque is τ = Jᵀ F.\\nbase_link stays\""), "\(json)")
    }
}
