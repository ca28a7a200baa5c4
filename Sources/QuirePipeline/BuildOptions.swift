import Foundation
import QuireBook
import QuireEmbedding
import QuireIndex
import QuireSite

/// Everything `quire build` can be asked to do. Paths are as given (relative to the working
/// directory); defaults match the command's.
public struct BuildOptions: Sendable {
    /// Where the site settings come from.
    public enum Settings: Sendable {
        /// This file if it exists, else defaults (`quire.yml` when no `--config` was given).
        case optionalFile(URL)
        /// This file; missing is an error (`--config FILE`). `/dev/null` means defaults.
        case file(URL)
        /// Given directly (tests, benchmarks).
        case value(SiteConfig)
    }

    /// Docs root in Docusaurus layout; a folder with a `docs/` subfolder is taken as its parent.
    public var content: URL
    /// The output folder, replaced only when every step succeeded.
    public var output: URL
    public var settings: Settings = .optionalFile(URL(fileURLWithPath: "quire.yml"))
    /// Folder with `page.mustache` and `assets/`.
    public var templates: URL = SiteBuildOptions.defaultTemplates()
    /// Broken links; nil: the config's `onBrokenLinks` ('throw' is an error, the rest warn), else error.
    public var links: LinkPolicy?
    public var includeDrafts = false

    /// Chunk, embed and write `index.qidx` (`--no-index` turns it off).
    public var buildIndex = true
    /// MiniLM model folder; nil: `$QUIRE_MODEL_DIR` or `models/all-MiniLM-L6-v2`.
    public var modelDirectory: URL?
    /// How pages are cut into chunks (benchmarks try other sizes).
    public var chunker = ChunkerOptions()
    /// How passages are embedded: fp32 (the exact vectors, default) or int8 (AMX/VNNI: 2–2.4×
    /// faster builds, retrieval within 0.005; docs/embedding.md). Without the int8 kernels: fp32.
    public var passagePrecision: QueryPrecision = .fp32
    /// Used instead of loading the model (tests: `HashEmbedder`).
    public var embedder: (any Embedder)?
    /// An earlier index whose vectors are reused for unchanged chunks; nil: `<output>/index.qidx`
    /// (when it exists). A missing file or one built with another model is ignored.
    public var previousIndex: URL?
    /// A folder of cached vectors keyed by chunk text and model (the retrieval gate's
    /// `.cache/index-cache`); nil: none.
    public var vectorCache: URL?

    /// Progress and warnings, called from the building threads.
    public var onEvent: (@Sendable (BuildEvent) -> Void)?

    public init(content: URL, output: URL) {
        self.content = content
        self.output = output
    }

    /// The index file whose vectors are reused: `previousIndex`, else the one in the output folder.
    public var reusedIndex: URL { previousIndex ?? output.appendingPathComponent("index.qidx") }
}
