import Testing
@testable import QuireMarkdown

/// The build-time mermaid check: warns (file:line) for diagrams that cannot be tokenised,
/// stays quiet on the diagrams of real books.
@Suite struct MermaidSyntaxTests {
    func problem(_ source: String) -> MermaidSyntax.Problem? { MermaidSyntax.check(source) }

    @Test func realBooksDiagramsPass() throws {
        let md = try fixture("mermaid-corpus.md")
        let doc = render(md)
        #expect(doc.usesMermaid)
        #expect(doc.html.components(separatedBy: "<pre class=\"mermaid\">").count - 1 == 52)
        #expect(doc.warnings == [])
    }

    @Test(arguments: [
        "graph TD\n  A[Start] --> B{Is it?}\n  B -->|Yes| C[OK]\n  C --> D[Rethink]\n  D --> B\n  B ---->|No| E[End]",
        "flowchart LR\n  A>asymmetric] --> B((circle)) --> C{{hexagon}} --> D[(database)] --> E[/para/] --> F([stadium])",
        "flowchart TB\n  subgraph one [First]\n    a1-->a2\n  end\n  subgraph two\n    b1-->b2\n  end\n  one --> two",
        "flowchart LR\n  A[\"a label with ] and ( inside\"] -- text --> B\n  classDef big fill:#f9f,stroke:#333\n  class A big\n  click A \"https://example.com\"",
        "flowchart LR\n  md[\"`**multi**\n  line`\"] --> x",
        "graph TD; A-->B; B-->C",
        "%%{init: {'theme': 'forest'}}%%\ngraph LR\n  A --> B",
        "---\ntitle: Hello\n---\nflowchart LR\n  A --> B",
        "%% a comment\nsequenceDiagram\n  Alice->>Bob: Hi (not closed\n  loop Every minute\n    Bob-->>Alice: Great!\n  end\n  alt ok\n    A->>B: x\n  else no\n    A->>B: y\n  end",
        "classDiagram\n  class Animal {\n    +int age\n    +isMammal() bool\n  }\n  Animal <|-- Duck : {weird label\n  Customer \"1\" --> \"*\" Ticket",
        "stateDiagram-v2\n  [*] --> Still\n  state Moving {\n    [*] --> Fast\n  }\n  note right of Still\n    a { in a note\n  end note\n  Still --> [*] : done {",
        "erDiagram\n  CUSTOMER ||--o{ ORDER : places\n  ORDER ||--|{ LINE-ITEM : contains\n  CUSTOMER {\n    string name\n  }",
        "pie title Pets\n  \"Dogs\" : 386\n  \"Cats\" : 85",
        "gantt\n  title A plan\n  section S\n  Task :a1, 2024-01-01, 30d",
        "mindmap\n  root((mindmap))\n    Origins",
    ])
    func validDiagrams(_ source: String) {
        #expect(problem(source) == nil, "\(source)")
    }

    @Test func unknownType() {
        let p = problem("grph TD\n  A --> B")
        #expect(p?.line == 0)
        #expect(p?.message.hasPrefix("unknown diagram type 'grph'") == true)
        #expect(problem("\n\n%% note\nflowhcart LR\nA-->B")?.line == 3)
    }

    @Test func emptyAndUnclosedPreamble() {
        #expect(problem("")?.message == "empty diagram")
        #expect(problem("  \n%% only a comment\n")?.message == "empty diagram")
        #expect(problem("---\ntitle: x\nflowchart LR\nA-->B") == .init(line: 0, message: "front matter opened with '---' is not closed"))
        #expect(problem("%%{init: {'theme':\n'dark'}\ngraph TD\nA-->B")?.message == "directive '%%{' is not closed with '}%%'")
    }

    @Test func flowchartBrackets() {
        #expect(problem("graph TD\n  A[Start --> B") == .init(line: 1, message: "bracket not closed: missing ']'"))
        #expect(problem("graph TD\n  A --> B\n  B[x) --> C") == .init(line: 2, message: "expected ']' but found ')'"))
        #expect(problem("graph TD\n  A --> B]") == .init(line: 1, message: "']' closes nothing"))
        #expect(problem("graph TD\n  A((round) --> B")?.line == 1)
        #expect(problem("graph TD\n  A>flag --> B")?.message == "bracket not closed: missing ']'")
        #expect(problem("graph TD\n  A -->|yes B") == .init(line: 1, message: "edge label opened with '|' is not closed"))
        #expect(problem("graph TD\n  A[\"open --> B\n  C --> D") == .init(line: 1, message: "quote '\"' is not closed"))
    }

    @Test func blocksAndEnds() {
        #expect(problem("flowchart TB\n  subgraph one\n    a1-->a2\n  b --> c") == .init(line: 1, message: "'subgraph' is not closed with 'end'"))
        #expect(problem("flowchart TB\n  a --> b\n  end") == .init(line: 2, message: "'end' without an open 'subgraph'"))
        #expect(problem("sequenceDiagram\n  A->>B: x\n  loop forever\n    B->>A: y") == .init(line: 2, message: "'loop' is not closed with 'end'"))
        #expect(problem("sequenceDiagram\n  A->>B: x\n  end")?.line == 2)
        #expect(problem("sequenceDiagram\n  else nothing")?.message == "'else' outside a block")
        #expect(problem("classDiagram\n  class A {\n    +x int\n") == .init(line: 1, message: "'{' is not closed with '}'"))
        #expect(problem("stateDiagram-v2\n  state S {\n  [*] --> S\n  }\n  }")?.line == 4)
        #expect(problem("stateDiagram-v2\n  note left of S\n  text")?.message == "note is not closed with 'end note'")
        #expect(problem("erDiagram\n  A {\n    string x\n  B ||--o{ C : y")?.message == "entity block '{' is not closed with '}'")
    }

    /// Warnings name the file line: the fence line + 1 + the line in the diagram.
    @Test func warningLineInFile() {
        let md = "# T\n\nText.\n\n```mermaid\ngraph TD\n  A[Start --> B\n```\n\nMore text.\n"
        let doc = render(md, lineOffset: 4)
        #expect(doc.warnings == [MarkdownWarning(line: 11, message: "mermaid diagram: bracket not closed: missing ']'")])
        #expect(doc.html.contains("<pre class=\"mermaid\">graph TD\n  A[Start --&gt; B\n</pre>"))
        #expect(doc.html.contains("<p>More text.</p>"))
    }

    /// Chat and search read "[diagram]" where a diagram sits in a list or quote.
    @Test func diagramInListIsPlaceholderText() {
        let doc = render("- step one\n\n  ```mermaid\n  graph TD\n    A --> B\n  ```\n- step two\n")
        let list = doc.blocks.first { $0.kind == .list }
        #expect(list?.text.contains("[diagram]") == true)
        #expect(list?.text.contains("A --> B") == false)
    }
}
