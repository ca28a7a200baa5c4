import Testing
@testable import QuireMarkdown

/// github-slugger's own fixtures (a selection) and Docusaurus's `{#custom-id}`.
@Suite struct SlugTests {
    @Test(arguments: [
        ("Hello World", "hello-world"),
        ("foo", "foo"),
        ("Foo Bar", "foo-bar"),
        ("It's not a bug, it's a feature!", "its-not-a-bug-its-a-feature"),
        ("C++ & Rust", "c--rust"),
        ("  leading and trailing  ", "--leading-and-trailing--"),
        ("snake_case stays", "snake_case-stays"),
        ("emoji 😄 gone", "emoji--gone"),
        ("Привет мир", "привет-мир"),
        ("日本語", "日本語"),
        ("Ünïcödé", "ünïcödé"),
        ("a.b/c:d", "abcd"),
        ("`code` in heading", "code-in-heading"),
    ])
    func slug(_ input: String, _ expected: String) {
        #expect(Slugger.slug(input) == expected)
    }

    @Test func duplicates() {
        var s = Slugger()
        #expect(s.slug("foo") == "foo")
        #expect(s.slug("foo") == "foo-1")
        #expect(s.slug("foo") == "foo-2")
        #expect(s.slug("foo-1") == "foo-1-1")
        #expect(s.slug("") == "")
        #expect(s.slug("") == "-1")
    }

    @Test func headingIDs() {
        let doc = render("# Title\n\n## Intro\n\n## Intro\n\n## Custom {#my-id}\n\n## Intro\n\n### `code` & *em*\n")
        #expect(doc.headings.map(\.id) == ["title", "intro", "intro-1", "my-id", "intro-2", "code--em"])
        #expect(doc.headings[3].text == "Custom")
        #expect(doc.html.contains("<h2 id=\"my-id\">Custom<a class=\"hash-link\" href=\"#my-id\""))
        #expect(doc.headings.map(\.line) == [1, 3, 5, 7, 9, 11])
    }

    @Test func customIDSplit() {
        #expect(splitCustomID("Hello {#hi}") == ("Hello", "hi"))
        #expect(splitCustomID("Hello {#}").id == nil)
        #expect(splitCustomID("Set {a, b}").id == nil)
    }
}
