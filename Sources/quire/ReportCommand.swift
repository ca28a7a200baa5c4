import ArgumentParser
import Foundation
import QuireIndex
import QuireSupport

/// `quire report`: what readers asked, what the book answered badly, what they voted down.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarise readers' questions and feedback logged by `quire serve`.")
    @Option(name: .customLong("data-dir"), help: "The server's data directory (default $QUIRE_DATA_DIR or .quire-data).") var dataDir: String?
    @Option(help: "Rows per list.") var top = 10
    @Option(help: "Relevance below which an answer counts as poorly covered.") var threshold = 0.5
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let dir = URL(fileURLWithPath: dataDir ?? ProcessInfo.processInfo.environment["QUIRE_DATA_DIR"] ?? ".quire-data")
        let questions = Self.lines(dir.appendingPathComponent("questions.jsonl"))
        let feedback = Self.lines(dir.appendingPathComponent("feedback.jsonl"))
        guard !questions.isEmpty || !feedback.isEmpty else {
            throw ValidationError("no questions or feedback logged in \(dir.path) yet (is it the directory `quire serve --data-dir` used?)")
        }
        var asked: [String: (count: Int, display: String)] = [:]
        var low: [String: (relevance: Double, display: String)] = [:]
        var byID: [String: String] = [:]
        for q in questions {
            guard let text = q["question"] as? String else { continue }
            let key = text.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "?" }).joined(separator: " ")
            asked[key, default: (0, text)].count += 1
            if let id = q["answer_id"] as? String { byID[id] = text }
            let rel = q["relevance"] as? Double ?? 0
            let covered = q["covered"] as? Bool ?? true
            if !covered || rel < threshold { low[key] = (min(rel, low[key]?.relevance ?? rel), text) }
        }
        var down: [(question: String, comment: String)] = []
        var ups = 0
        for f in feedback {
            if f["vote"] as? String == "up" { ups += 1; continue }
            guard f["vote"] as? String == "down" else { continue }
            let id = f["answer_id"] as? String ?? ""
            down.append((byID[id] ?? "(answer \(id))", f["comment"] as? String ?? ""))
        }
        let most = asked.values.sorted { $0.count > $1.count || ($0.count == $1.count && $0.display < $1.display) }.prefix(top)
        let lowest = low.values.sorted { $0.relevance < $1.relevance }.prefix(top)
        if json {
            let m = most.map { "{\"question\": \(JSONText.string($0.display)), \"count\": \($0.count)}" }.joined(separator: ", ")
            let l = lowest.map { "{\"question\": \(JSONText.string($0.display)), \"relevance\": \(JSONText.number($0.relevance, digits: 3))}" }.joined(separator: ", ")
            let d = down.prefix(top).map { "{\"question\": \(JSONText.string($0.question)), \"comment\": \(JSONText.string($0.comment))}" }.joined(separator: ", ")
            print("{\"questions\": \(questions.count), \"votes_up\": \(ups), \"votes_down\": \(down.count), \"most_asked\": [\(m)], \"low_relevance\": [\(l)], \"voted_down\": [\(d)]}")
            return
        }
        print("\(questions.count) questions, \(ups) up votes, \(down.count) down votes (\(dir.path))\n")
        print("Most asked:")
        // Questions and comments come from readers: escaped before they reach the terminal.
        for q in most { print(String(format: "%5d  ", q.count) + TerminalText.escape(q.display)) }
        print("\nPoorly covered by the book (relevance < \(threshold)):")
        if lowest.isEmpty { print("  (none)") }
        for q in lowest { print(String(format: "%5.2f  ", q.relevance) + TerminalText.escape(q.display)) }
        print("\nVoted down:")
        if down.isEmpty { print("  (none)") }
        for d in down.prefix(top) { print("  " + TerminalText.escape(d.question) + (d.comment.isEmpty ? "" : "  — \"\(TerminalText.escape(d.comment))\"")) }
    }

    static func lines(_ url: URL) -> [[String: Any]] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }
}
