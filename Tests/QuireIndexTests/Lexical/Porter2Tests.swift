import Foundation
import Testing
@testable import QuireIndex

@Suite struct Porter2Tests {
    @Test func snowballSampleWords() {
        let pairs = [("consign", "consign"), ("consigned", "consign"), ("consistency", "consist"), ("consolatory", "consolatori"),
                     ("knackeries", "knackeri"), ("knightly", "knight"), ("knives", "knive"), ("generously", "generous"),
                     ("skies", "sky"), ("dying", "die"), ("inning", "inning"), ("cries", "cri"), ("ties", "tie"),
                     ("hoped", "hope"), ("hopping", "hop"), ("robot's", "robot"), ("running", "run"), ("ai", "ai")]
        for (w, s) in pairs { #expect(Porter2.stem(w) == s, "\(w)") }
    }

    @Test func matchesSnowballOnSixThousandWords() throws {
        let url = try #require(Bundle.module.url(forResource: "porter2", withExtension: "tsv", subdirectory: "Fixtures"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        var failures: [String] = []
        for line in lines {
            let parts = line.split(separator: "\t").map(String.init)
            guard parts.count == 2 else { continue }
            let got = Porter2.stem(parts[0])
            if got != parts[1] { failures.append("\(parts[0]) → \(got), want \(parts[1])") }
        }
        #expect(lines.count > 6000)
        #expect(failures.isEmpty, "\(failures.count) mismatches: \(failures.prefix(20))")
    }

    @Test func nonASCIIWordsUnchanged() {
        #expect(Porter2.stem("café") == "café")
        #expect(Porter2.stem("роботы") == "роботы")
    }
}

@Suite struct TokenizerTests {
    @Test func wordsAndStems() {
        let t = Tokenizer()
        #expect(t.terms("The robots are WALKING; it's the robot's gait.") == ["robot", "walk", "robot", "gait"])
        #expect(t.terms("ROS 2 and ros2_control: 3 DOF") == ["ros", "2", "ros2", "control", "3", "dof"])
    }

    @Test func unicode() {
        let t = Tokenizer()
        #expect(t.terms("Café über naïve") == ["café", "über", "naïve"])
        #expect(t.terms("机器人 robot") == ["机", "器", "人", "robot"])
        #expect(t.terms("don’t stop") == ["stop"])
        #expect(t.terms("ＲＯＳ") == ["ｒｏｓ"])
    }

    @Test func stopWordsAndNoise() {
        #expect(Tokenizer().terms("what is the difference between a and b") == ["differ"])
        #expect(Tokenizer().terms(String(repeating: "x", count: 60)) == [])
    }
}
