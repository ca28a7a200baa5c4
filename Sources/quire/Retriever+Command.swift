import ArgumentParser
import Foundation
import QuireIndex

extension Retriever {
    /// The retriever of `search`, `eval` and `ask`: the model from `$QUIRE_MODEL_DIR` or the
    /// default folder; without the model files, a warning on stderr and BM25 only.
    static func forCommand(indexPath: String) throws -> Retriever {
        let retriever = try Retriever(indexFile: URL(fileURLWithPath: indexPath), modelDirectory: nil)
        if let reason = retriever.lexicalOnlyReason {
            warn("\(reason)\nwarning: searching with BM25 only")
        }
        return retriever
    }
}

extension FusionMethod {
    /// `--fusion NAME` (measurement knob of search and eval).
    static func named(_ name: String) throws -> FusionMethod {
        guard let f = FusionMethod(rawValue: name) else {
            throw ValidationError("unknown fusion '\(name)': use \(FusionMethod.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return f
    }
}

/// `warning: ...` on stderr.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}
