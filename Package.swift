// swift-tools-version:6.1
import PackageDescription

// Targets follow the data flow (see docs/architecture in README):
// content (QuireBook) → markdown (QuireMarkdown) → site (QuireSite);
// chunks/index/retrieval (QuireIndex) ← embeddings (QuireEmbedding); CLI on top.
// Only QuireEmbedding touches BLAS. Only the server target (later) imports Hummingbird.
let package = Package(
    name: "Quire",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "quire", targets: ["quire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    ],
    targets: [
        // System libraries from Debian (scripts/setup.sh installs them).
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev"])]),

        // Shared leaf utilities: errors with locations, atomic writes, zlib, hashes.
        .target(name: "QuireSupport", dependencies: ["CZlib"]),
        // content/: pages, front matter, categories, ordering, URLs.
        .target(name: "QuireBook", dependencies: ["QuireSupport", "Yams"]),
        // Markdown + Docusaurus syntax → HTML, headings, links, plain blocks.
        .target(name: "QuireMarkdown", dependencies: ["QuireSupport", "CCmarkGFM"]),
        // HTML pages, sidebar, TOC, assets, sitemap, .gz.
        .target(name: "QuireSite", dependencies: [
            "QuireSupport", "QuireBook", "QuireMarkdown",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // WordPiece + MiniLM-L6 encoder (BLAS).
        .target(name: "QuireEmbedding", dependencies: ["QuireSupport", "CBLAS"]),
        // Chunker, index file, BM25, dense search, hybrid retrieval.
        .target(name: "QuireIndex", dependencies: ["QuireSupport", "QuireBook", "QuireMarkdown", "QuireEmbedding"]),
        // Thin CLI.
        .executableTarget(name: "quire", dependencies: [
            "QuireSupport", "QuireBook", "QuireSite", "QuireEmbedding", "QuireIndex",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "QuireSupportTests", dependencies: ["QuireSupport"]),
        .testTarget(name: "QuireBookTests", dependencies: ["QuireBook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "QuireMarkdownTests", dependencies: ["QuireMarkdown"], resources: [.copy("Fixtures")]),
        .testTarget(name: "QuireSiteTests", dependencies: ["QuireSite", "QuireBook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "QuireEmbeddingTests", dependencies: ["QuireEmbedding"], resources: [.copy("Fixtures")]),
        .testTarget(name: "QuireIndexTests", dependencies: ["QuireIndex"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
