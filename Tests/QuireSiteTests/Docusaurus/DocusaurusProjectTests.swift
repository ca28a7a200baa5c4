import Foundation
import QuireBook
import QuireSupport
import Testing
@testable import QuireSite

/// Fixture projects under Fixtures/docusaurus: a site's docusaurus.config and sidebars file
/// become the built site's title, URLs, sidebars, navbar and footer.
@Suite struct DocusaurusProjectTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/docusaurus").standardized
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../templates").standardized

    static func load(_ name: String, quireYML: String? = nil) throws -> Book {
        let project = try Project.open(fixtures.appendingPathComponent(name))
        var yml: URL?
        if let quireYML {
            yml = FileManager.default.temporaryDirectory.appendingPathComponent("quire-h19-\(UUID()).yml")
            try quireYML.write(to: yml!, atomically: true, encoding: .utf8)
        }
        defer { if let yml { try? FileManager.default.removeItem(at: yml) } }
        return try project.loadBook(config: try project.settings(quireYML: yml))
    }

    static func build(_ book: Book) throws -> (URL, SiteBuildResult) {
        var options = SiteBuildOptions(templates: templates)
        options.links = .warn
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("quire-h19-site-\(UUID())")
        let staging = try OutputDirectory(out)
        let result = try SiteBuilder(book: book, options: options).build(into: staging.staging)
        try staging.commit()
        return (out, result)
    }

    static func html(_ out: URL, _ urlPath: String, baseUrl: String) throws -> String {
        try String(contentsOf: out.appendingPathComponent(SiteWriter.filePath(forURL: urlPath, baseUrl: baseUrl)), encoding: .utf8)
    }

    /// One line per item: `- label (url)`, `+ category -> link [open] [fixed]`, `> link label (href)`, `= html`.
    static func outline(_ book: Book, _ items: [SidebarItem], _ indent: String = "") -> String {
        var out = ""
        for item in items {
            switch item {
            case let .doc(i, label): out += "\(indent)- \(label) (\(book.pages[i].url))\n"
            case let .category(ci, children):
                let c = book.categories[ci]
                var link = ""
                switch c.link {
                case let .doc(i): link = " -> \(book.pages[i].url)"
                case let .generatedIndex(slug, title, _): link = " -> generated-index \(slug ?? "-") \(title ?? "-")"
                case .none: break
                }
                out += "\(indent)+ \(c.label)\(link)\(c.collapsed ? "" : " [open]")\(c.collapsible ? "" : " [fixed]")\n"
                out += outline(book, children, indent + "  ")
            case let .link(label, href): out += "\(indent)> \(label) (\(href))\n"
            case let .html(v): out += "\(indent)= \(v)\n"
            }
        }
        return out
    }

    @Test func siteSettingsFromConfig() throws {
        let project = try Project.open(Self.fixtures.appendingPathComponent("js-project"))
        let s = try project.settings(quireYML: nil)
        #expect(s.title == "Robots in Practice")
        #expect(s.tagline == "Build, test, deploy")
        #expect(s.url == "https://example.org")
        #expect(s.baseUrl == "/robots/")  // process.env.NODE_ENV === 'production' ? '/robots/' : '/'
        #expect(s.favicon == "img/favicon.svg")
        #expect(s.onBrokenLinks == "warn")
        #expect(s.mermaid == true)
        #expect(s.math == true)  // remark-math + rehype-katex
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(s.footer == "Copyright © \(year) Robots Inc.")
        #expect(s.navbar?.title == "Robots")
        #expect(s.navbar?.logoSrc == "img/logo.svg")
        #expect(s.navbar?.items.map(\.label) == ["Guide", "CLI", "GitHub"])
        #expect(s.navbar?.items.map(\.position) == ["left", "left", "right"])
        #expect(s.footerLinks.map(\.title) == ["Docs", "Community"])
        #expect(project.warnings.isEmpty, "\(project.warnings)")
    }

    @Test func quireYMLOverridesFieldByField() throws {
        let book = try Self.load("js-project", quireYML: "title: Local title\nbaseUrl: /local/\n")
        #expect(book.config.title == "Local title")
        #expect(book.config.baseUrl == "/local/")
        #expect(book.config.tagline == "Build, test, deploy")  // kept from docusaurus.config.js
        #expect(book.pages.first { $0.id == "intro" }?.url == "/local/docs/intro")
    }

    @Test func everySidebarItemType() throws {
        let book = try Self.load("js-project")
        #expect(book.sidebars.map(\.name) == ["guideSidebar", "referenceSidebar"])
        #expect(Self.outline(book, book.sidebars[0].items) == """
        - Introduction (/robots/docs/intro)
        - Setting up (/robots/docs/guide/setup)
        + Using it -> /robots/docs/guide/usage [open]
          - Basics (/robots/docs/tutorials/basics)
          - Advanced (/robots/docs/tutorials/advanced)
        + All references -> generated-index /reference-overview Reference overview [fixed]
          - API (/robots/docs/reference/api)
        + Questions
          - FAQ (/robots/docs/extra/faq)
        > Docusaurus (https://docusaurus.io)
        = <hr class="sidebar-rule">
        > CLI (see reference) (/robots/docs/reference/cli)

        """)
        #expect(Self.outline(book, book.sidebars[1].items) == """
        + Reference
          - CLI (/robots/docs/reference/cli)
          - API (/robots/docs/reference/api)

        """)
        // exclude: ['**/drafts/**']
        #expect(!book.pages.contains { $0.source.hasPrefix("drafts/") })
        #expect(book.pages.first { $0.id == "intro" }?.editUrl == "https://github.com/example/robots/tree/main/docs/intro.md")
        #expect(book.warnings.isEmpty, "\(book.warnings)")
    }

    @Test func builtPagesShowTheirSidebarNavbarFooterAndOrder() throws {
        let book = try Self.load("js-project")
        let (out, _) = try Self.build(book)
        defer { try? FileManager.default.removeItem(at: out) }
        let intro = try Self.html(out, "/robots/docs/intro", baseUrl: "/robots/")
        // Navbar: logo, title, links (docSidebar → its first doc, `to` under baseUrl, href as is).
        #expect(intro.contains("<img class=\"brand-logo\" src=\"/robots/img/logo.svg\" alt=\"Robots logo\""))
        #expect(intro.contains(">Robots</a>"))
        #expect(intro.contains("<a class=\"navbar-link\" href=\"/robots/docs/intro\">Guide</a>"))
        #expect(intro.contains("<a class=\"navbar-link\" href=\"/robots/docs/reference/cli\">CLI</a>"))
        #expect(intro.contains("<a class=\"navbar-link\" href=\"https://github.com/example/robots\" rel=\"noopener\">GitHub</a>"))
        #expect(intro.contains("<link rel=\"icon\" href=\"/robots/img/favicon.svg\">"))
        // Footer columns and copyright.
        #expect(intro.contains("<p class=\"footer-title\">Docs</p><ul><li><a href=\"/robots/docs/intro\">Introduction</a></li></ul>"))
        #expect(intro.contains("<a href=\"https://forum.example.org\" rel=\"noopener\">Forum</a>"))
        #expect(intro.contains("Robots Inc."))
        #expect(intro.contains("<title>Introduction | Robots in Practice</title>"))
        #expect(intro.contains("href=\"https://github.com/example/robots/tree/main/docs/intro.md\""))
        // The static folder is copied to the output root.
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("img/logo.svg").path))
        // Sidebar: link, html and ref items.
        #expect(intro.contains("<a class=\"menu-link external\" href=\"https://docusaurus.io\" rel=\"noopener\">Docusaurus</a>"))
        #expect(intro.contains("<li class=\"menu-item menu-html\"><hr class=\"sidebar-rule\"></li>"))
        // Previous/next follow the sidebar: intro → setup; usage → basics; api → faq.
        #expect(intro.contains("href=\"/robots/docs/guide/setup\" rel=\"next\""))
        let usage = try Self.html(out, "/robots/docs/guide/usage", baseUrl: "/robots/")
        #expect(usage.contains("href=\"/robots/docs/tutorials/basics\" rel=\"next\""))
        #expect(usage.contains("href=\"/robots/docs/guide/setup\" rel=\"prev\""))
        let api = try Self.html(out, "/robots/docs/reference/api", baseUrl: "/robots/")
        #expect(api.contains("href=\"/robots/docs/reference-overview\" rel=\"prev\""))
        #expect(api.contains("href=\"/robots/docs/extra/faq\" rel=\"next\""))
        // The generated index page exists with its title and description.
        let overview = try Self.html(out, "/robots/docs/reference-overview", baseUrl: "/robots/")
        #expect(overview.contains("Reference overview"))
        #expect(overview.contains("Every reference page"))
        // cli shows the sidebar that lists it (referenceSidebar), not guideSidebar.
        let cli = try Self.html(out, "/robots/docs/reference/cli", baseUrl: "/robots/")
        #expect(cli.contains("category-label\">Reference</span>"))
        #expect(!cli.contains("Setting up"))
        #expect(cli.contains("href=\"/robots/docs/reference/api\" rel=\"next\""))
        // A page listed nowhere is built without a sidebar and without previous/next.
        let orphan = try Self.html(out, "/robots/docs/extra/orphan", baseUrl: "/robots/")
        #expect(!orphan.contains("class=\"menu-item"))
        #expect(!orphan.contains("rel=\"next\"") && !orphan.contains("rel=\"prev\""))
    }

    @Test func typeScriptConfigWithUnreadableValues() throws {
        let project = try Project.open(Self.fixtures.appendingPathComponent("ts-project"))
        let settings = try project.settings(quireYML: nil)
        #expect(settings.title == "Typed Robots")
        #expect(settings.navbar?.title == "Typed")
        #expect(settings.mermaid == false && settings.math == false)  // neither configured
        let warnings = project.warnings.map(\.description)
        // editUrl is a function (line 17), a plugin is a function (line 24): named, then skipped.
        #expect(warnings.contains { $0.hasPrefix("docusaurus.config.ts:17:") || $0.contains("docusaurus.config.ts:17: warning: 'editUrl' is a function") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("docusaurus.config.ts:24:") && $0.contains("a function") }, "\(warnings)")
        let book = try project.loadBook(config: settings)
        #expect(book.pages.allSatisfy { $0.editUrl == nil })
        let all = book.warnings.map(\.description)
        // The spread of an imported value is skipped with its line; the rest of the sidebar is kept.
        #expect(all.contains { $0.contains("sidebars.ts:7:") && $0.contains("...generatedItems") }, "\(all)")
        #expect(Self.outline(book, book.sidebars[0].items) == """
        - Intro (/docs/intro)
        + Parts
          - Part one (/docs/parts/one)

        """)
        // What the file could not say falls back to an autogenerated sidebar.
        #expect(book.sidebars.count == 2)
        #expect(Self.outline(book, book.sidebars[1].items).contains("- Part two (/docs/parts/two)"))
    }

    @Test func unknownDocIDFailsWithFileLineAndExistingIDs() throws {
        let project = try Project.open(Self.fixtures.appendingPathComponent("missing-id"))
        #expect(project.docusaurus == nil)  // a folder with docs/ and sidebars.js, no config
        do {
            _ = try project.loadBook(config: try project.settings(quireYML: nil))
            Issue.record("an unknown id must fail the build")
        } catch let e as QuireErrors {
            #expect(e.errors.count == 1)
            let d = e.description
            #expect(d.contains("sidebars.js:7: sidebar 'tutorialSidebar' lists doc id 'guide/instal', which does not exist"), "\(d)")
            #expect(d.contains("ids that exist: guide/install, guide/configure, intro"), "\(d)")
        }
    }

    @Test func severalDocsInstances() throws {
        let project = try Project.open(Self.fixtures.appendingPathComponent("multi"))
        #expect(project.instances.map(\.id) == ["default", "handbook", "archive"])
        let book = try project.loadBook(config: try project.settings(quireYML: nil))
        // The archive instance's folder is missing: a warning, the others are built.
        #expect(book.warnings.contains { $0.message.contains("docs instance 'archive': folder 'archive' not found") && $0.line == 21 }, "\(book.warnings)")
        #expect(book.sidebars.map(\.name) == ["guideSidebar", "handbook/handbookSidebar"])
        #expect(Self.outline(book, book.sidebars[0].items) == "- Guide intro (/guide/intro)\n- Guide next (/guide/next)\n")
        #expect(Self.outline(book, book.sidebars[1].items) == """
        - Handbook intro (/handbook/intro)
        + Chapters -> generated-index - - [open]
          - First chapter (/handbook/chapters/first)
          - Second chapter (/handbook/chapters/second)

        """)
        #expect(book.pages.map(\.source).contains("handbook/chapters/first.md"))
        let (out, _) = try Self.build(book)
        defer { try? FileManager.default.removeItem(at: out) }
        // Each book's pages show their own sidebar; the generated index lives under its instance's route.
        let first = try Self.html(out, "/handbook/chapters/first", baseUrl: "/")
        #expect(first.contains("Handbook intro") && !first.contains("Guide next"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("handbook/category/chapters/index.html").path))
        let guide = try Self.html(out, "/guide/intro", baseUrl: "/")
        #expect(guide.contains("href=\"/guide/next\" rel=\"next\""))
    }

    @Test func bareDocsRootAndDocsFolder() throws {
        let bare = try Project.open(Self.fixtures.appendingPathComponent("js-project/docs"))
        #expect(bare.siteDirectory == nil)
        let book = try bare.loadBook(config: try bare.settings(quireYML: nil))
        #expect(book.sidebars.count == 1)  // autogenerated
        #expect(book.pages.contains { $0.source == "drafts/wip.md" })  // no config: no exclude
        #expect(book.config.title == SiteConfig().title)
    }
}
