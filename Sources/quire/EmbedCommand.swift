import ArgumentParser
import Foundation
import QuireEmbedding

struct Embed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print MiniLM embeddings of texts.",
        discussion: "One line per text: the L2-normalised 384-d all-MiniLM-L6-v2 embedding (a JSON array with --json). The model directory defaults to $QUIRE_MODEL_DIR, else models/all-MiniLM-L6-v2 (scripts/fetch-model.sh downloads it).")
    @Option(help: "Model directory.") var model: String?
    @Flag(help: "Print one JSON array of floats per text.") var json = false
    @Argument(help: "Texts.") var texts: [String] = []

    // bench/embed.sh only.
    @Option(help: .hidden) var benchMakePassages: String?
    @Option(help: .hidden) var benchPassages: String?
    @Option(help: .hidden) var benchCount = 512
    @Option(help: .hidden) var benchTokens = 220
    @Option(help: .hidden) var benchBatch = 32
    /// Questions (JSON lines with "question") to time instead of the five built-in queries.
    @Option(help: .hidden) var benchQueries: String?
    @Option(help: .hidden) var benchPassagePrecision: QueryPrecision = .fp32

    func run() async throws {
        let embedder: MiniLMEmbedder
        do {
            embedder = try MiniLMEmbedder(modelDirectory: model.map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? MiniLMEmbedder.defaultModelDirectory(), passagePrecision: benchPassagePrecision)
        } catch {
            throw fail(error)
        }
        if let source = benchMakePassages {
            try bench(embedder, source: source)
            return
        }
        guard !texts.isEmpty else { throw ValidationError("give at least one TEXT to embed") }
        let vectors: [[Float]]
        do {
            vectors = try embedder.embed(texts)  // fp32: the exact sentence-transformers vectors
        } catch {
            throw fail(error)
        }
        var out = ""
        for v in vectors {
            if json {
                out += "[" + v.map { "\($0)" }.joined(separator: ",") + "]\n"
            } else {
                out += v.map { String(format: "%.6f", $0) }.joined(separator: " ") + "\n"
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// `--bench-make-passages DIR`: writes the passages (JSON lines) to --bench-passages FILE,
    /// then measures and prints one JSON object.
    private func bench(_ embedder: MiniLMEmbedder, source: String) throws {
        let passages = try EmbeddingBenchmark.makePassages(
            fromMarkdownIn: URL(fileURLWithPath: source, isDirectory: true), count: benchCount, tokens: benchTokens,
            tokenizer: embedder.tokenizer)
        guard !passages.isEmpty else { throw ValidationError("no Markdown text under \(source)") }
        if let file = benchPassages {
            let lines = try passages.map { String(decoding: try JSONSerialization.data(withJSONObject: [$0], options: []), as: UTF8.self) }
            try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        }
        var queries = ["what is inverse kinematics?", "How do I launch a ROS 2 node with parameters?", "PID controller tuning",
                       "Explain the difference between SLAM and localization.", "how does a lidar measure distance"]
        if let file = benchQueries {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            queries = text.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["question"] as? String
            }
            guard !queries.isEmpty else { throw ValidationError("no questions in \(file)") }
        }
        let result = try EmbeddingBenchmark.run(embedder, passages: passages, batch: benchBatch, queries: queries,
                                                queryRepeats: max(1, 300 / queries.count))
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
