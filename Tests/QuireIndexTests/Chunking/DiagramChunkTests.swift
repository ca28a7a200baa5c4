import Foundation
import QuireMarkdown
import Testing
@testable import QuireIndex

/// A mermaid diagram reaches search snippets and cited passages as "[diagram]", never as its source.
@Suite struct DiagramChunkTests {
    @Test func diagramBecomesPlaceholderInChunks() {
        let md = """
            # Deployment

            ## Architecture

            The system has a frontend, a gateway and a backend.

            ```mermaid
            graph TB
                A[Frontend UI] --> B[API Gateway]
                B --> C[Backend API]
                style A fill:#4CAF50
            ```

            Requests go through the gateway.

            - Steps:

              ```mermaid
              sequenceDiagram
                  User->>API: ask
              ```
            """
        let doc = MarkdownRenderer().render(md, lineOffset: 0, resolveLink: { _ in nil })
        let page = IndexPage(source: "deploy.md", url: "/docs/deploy", title: "Deployment", blocks: doc.blocks)
        let e = TestEmbedder()
        let chunks = Chunker(tokenCount: { e.tokenCount($0) }).chunks(for: page, pageIndex: 0)
        let text = chunks.map(\.text).joined(separator: "\n")
        #expect(text.contains("The system has a frontend, a gateway and a backend.\n[diagram]\nRequests go through the gateway."))
        #expect(text.components(separatedBy: Chunker.diagramPlaceholder).count - 1 == 2)
        for source in ["graph TB", "-->", "Frontend UI", "fill:#4CAF50", "sequenceDiagram", "User->>API"] {
            #expect(!text.contains(source), "mermaid source '\(source)' leaked into chunk text")
        }
    }
}
