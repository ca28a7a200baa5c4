// swift-tools-version:6.1
import PackageDescription

// Targets are layers; each imports only the ones below it (docs/architecture.md has the graph,
// generated from this file by scripts/architecture-graph.sh and checked by `make test`):
//   QuireSupport (errors, atomic writes, zlib) ← QuireBook (content/) and QuireMarkdown (cmark-gfm)
//   ← QuireSite (HTML) ; QuireEmbedding (MiniLM, BLAS) ← QuireIndex (chunks, index file, retrieval)
//   ← QuirePipeline (the build as named steps) ; QuireAnswer (answers, LLM) ← QuireServer (HTTP)
//   ← quire (the CLI: parses arguments, prints).
// Only QuireEmbedding touches BLAS. Only QuireServer imports Hummingbird.
// QUIRE_CORE_ONLY=1 leaves out the answer/server/CLI layers and their tests, so the core
// (support, book, markdown, site, embedding, index, pipeline) builds and tests without Hummingbird:
//   QUIRE_CORE_ONLY=1 swift test --scratch-path .build-core
let coreOnly = Context.environment["QUIRE_CORE_ONLY"].map { !$0.isEmpty && $0 != "0" } ?? false
let serverLayers: Set<String> = ["QuireAnswer", "QuireServer", "quire", "QuireCLITests", "QuireAnswerTests", "QuireServerTests"]

let package = Package(
    name: "Quire",
    platforms: [.macOS(.v15)],  // Synchronization (Mutex, Atomic)
    products: [
        .executable(name: "quire", targets: ["quire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        // Server side (only QuireAnswer and QuireServer use these).
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
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
        .target(name: "QuireMarkdown", dependencies: ["CCmarkGFM"]),
        // HTML pages, sidebar, TOC, assets, sitemap, .gz.
        .target(name: "QuireSite", dependencies: [
            "QuireSupport", "QuireBook", "QuireMarkdown",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // WordPiece + MiniLM-L6 encoder (BLAS).
        .target(name: "QuireEmbedding", dependencies: ["QuireSupport", "CBLAS"]),
        // Chunker, index file, BM25, dense search, hybrid retrieval, Retriever (query embedder policy).
        .target(name: "QuireIndex", dependencies: ["QuireSupport", "QuireMarkdown", "QuireEmbedding"]),
        // The build as named steps (settings, book, render, links, pages, index, swap in).
        .target(name: "QuirePipeline", dependencies: ["QuireSupport", "QuireBook", "QuireMarkdown", "QuireSite", "QuireEmbedding", "QuireIndex"]),
        // Answers: prompt, LLM providers (AsyncHTTPClient), extractive fallback, cache.
        .target(name: "QuireAnswer", dependencies: [
            "QuireSupport", "QuireIndex", "QuireEmbedding",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // HTTP server: the only target importing Hummingbird.
        .target(name: "QuireServer", dependencies: [
            "QuireSupport", "QuireIndex", "QuireEmbedding", "QuireAnswer",
            "QuireBook",  // SettingsDocument: the one reader of quire.yml (SafeYAML, typed values), for its server: section
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The CLI: parses arguments, calls the libraries, prints.
        .executableTarget(name: "quire", dependencies: [
            "QuireSupport", "QuireSite", "QuireEmbedding", "QuireIndex", "QuirePipeline", "QuireAnswer", "QuireServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Shared by test targets: the robots fixture book (IndexPages) and a deterministic embedder.
        .target(name: "QuireTestSupport", dependencies: ["QuireSupport", "QuireMarkdown", "QuireEmbedding", "QuireIndex"], path: "Tests/QuireTestSupport"),
        .testTarget(name: "QuireSupportTests", dependencies: ["QuireSupport"]),
        // Runs the built `quire` executable (end-to-end errors and exit codes).
        .testTarget(name: "QuireCLITests", exclude: ["Fixtures"]),
        .testTarget(name: "QuireBookTests", dependencies: ["QuireBook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "QuireMarkdownTests", dependencies: ["QuireMarkdown"], resources: [.copy("Fixtures")]),
        .testTarget(name: "QuireSiteTests", dependencies: ["QuireSite", "QuireBook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "QuireEmbeddingTests", dependencies: ["QuireEmbedding"], resources: [.copy("Fixtures")]),
        .testTarget(name: "QuireIndexTests", dependencies: ["QuireIndex", "QuireTestSupport"], resources: [.copy("Fixtures")]),
        // Fuzz suite (issue 13): readers of untrusted input fed mutated fixtures for a bounded time.
        .testTarget(name: "QuireFuzzTests", dependencies: ["QuireBook", "QuireMarkdown", "QuireIndex", "QuireEmbedding", "QuireSupport"],
                    exclude: ["Crashers"]),
        .testTarget(name: "QuirePipelineTests", dependencies: ["QuirePipeline", "QuireIndex", "QuireBook", "QuireEmbedding", "QuireSupport"]),
        .testTarget(name: "QuireAnswerTests", dependencies: ["QuireAnswer", "QuirePipeline", "QuireIndex", "QuireEmbedding"]),
        .testTarget(name: "QuireServerTests", dependencies: [
            "QuireServer", "QuireTestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

if coreOnly {
    package.targets.removeAll { serverLayers.contains($0.name) }
    package.products = []
    package.dependencies.removeAll { dep in
        guard case .sourceControl(_, let location, _) = dep.kind else { return false }
        return ["hummingbird", "swift-service-lifecycle", "async-http-client", "swift-prometheus", "swift-log", "swift-argument-parser"]
            .contains { "\(location)".hasSuffix("/" + $0) }
    }
}
