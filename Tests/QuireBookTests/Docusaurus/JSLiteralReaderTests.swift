import Foundation
import QuireSupport
import Testing
@testable import QuireBook

@Suite struct JSLiteralReaderTests {
    func read(_ s: String, env: [String: String] = [:]) throws -> JSLiteralReader.Result {
        try JSLiteralReader.read(s, file: "x.js", environment: env)
    }

    @Test func literalsCommentsTrailingCommasQuotes() throws {
        let r = try read("""
        // a comment
        /* block
           comment */
        module.exports = {
          a: 'single', "b": "double\\n", c: `template`,
          d: [1, 2.5, -3, 0x10,], e: true, f: null, g: undefined,
          'h-i': { nested: { deep: 'x' }, },
        };
        """)
        let v = r.value
        #expect(v["a"]?.string == "single")
        #expect(v["b"]?.string == "double\n")
        #expect(v["c"]?.string == "template")
        #expect(v["d"]?.array?.compactMap(\.number) == [1, 2.5, -3, 16])
        #expect(v["e"]?.bool == true)
        #expect(v["h-i"]?["nested"]?["deep"]?.string == "x")
        #expect(v["a"]?.line == 5)
        #expect(v["h-i"]?.line == 7)
        #expect(r.skipped.isEmpty)
    }

    @Test func exportFormsAndBindings() throws {
        #expect(try read("export default { a: 1 }").value["a"]?.number == 1)
        let r = try read("""
        const items = ['x', 'y'];
        const sidebars = { main: items, more: [...items, 'z'] };
        module.exports = sidebars;
        """)
        #expect(r.value["main"]?.array?.compactMap(\.string) == ["x", "y"])
        #expect(r.value["more"]?.array?.compactMap(\.string) == ["x", "y", "z"])
        let shorthand = try read("const title = 'T'; const base = {a: 1}; export default { title, ...base, b: 2 };")
        #expect(shorthand.value["title"]?.string == "T")
        #expect(shorthand.value["a"]?.number == 1)
        #expect(throws: QuireError.self) { try read("const x = 1;") }
    }

    @Test func typeScriptAnnotations() throws {
        let r = try read("""
        import type {SidebarsConfig} from '@docusaurus/plugin-content-docs';
        import {themes as prismThemes} from 'prism-react-renderer';
        import remarkMath from 'remark-math';
        type Extra = { a: string } | null;
        interface Foo { b: number }
        const sidebars: SidebarsConfig = {
          s: ['a' as const, 'b'],
          t: { x: 1 } satisfies Record<string, number>,
          math: [remarkMath],
          theme: prismThemes.github,
        } satisfies SidebarsConfig;
        export default sidebars;
        """)
        #expect(r.value["s"]?.array?.compactMap(\.string) == ["a", "b"])
        #expect(r.value["t"]?["x"]?.number == 1)
        guard case .module("remark-math")? = r.value["math"]?.array?.first?.value else { Issue.record("no module"); return }
        guard case .unreadable? = r.value["theme"]?.value else { Issue.record("theme readable"); return }
    }

    @Test func productionTernaryAndEnvironment() throws {
        let r = try read("""
        const isProd = process.env.NODE_ENV === 'production';
        module.exports = {
          baseUrl: process.env.NODE_ENV === 'production' ? '/robots/' : '/',
          other: isProd ? 'p' : 'd',
          reversed: process.env.NODE_ENV !== 'production' ? 'dev' : 'prod',
          api: process.env.API_URL || 'http://localhost:8000',
          set: process.env.SET_VAR ?? 'no',
        };
        """, env: ["SET_VAR": "yes"])
        #expect(r.value["baseUrl"]?.string == "/robots/")
        #expect(r.value["other"]?.string == "p")
        #expect(r.value["reversed"]?.string == "prod")
        #expect(r.value["api"]?.string == "http://localhost:8000")
        #expect(r.value["set"]?.string == "yes")
    }

    @Test func requireResolveAndTemplates() throws {
        let r = try read("""
        module.exports = {
          sidebarPath: require.resolve('./sidebars.js'),
          plugin: require('remark-math'),
          copyright: `Copyright © ${new Date().getFullYear()} Me`,
          broken: `x ${foo()} y`,
        };
        """)
        #expect(r.value["sidebarPath"]?.string == "./sidebars.js")
        guard case .module("remark-math")? = r.value["plugin"]?.value else { Issue.record("require"); return }
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(r.value["copyright"]?.string == "Copyright © \(year) Me")
        guard case .unreadable? = r.value["broken"]?.value else { Issue.record("broken template readable"); return }
    }

    @Test func functionsAndComputedValuesAreUnreadableWithLines() throws {
        let r = try read("""
        const gen = require('./generated');
        module.exports = {
          a: 'kept',
          editUrl: ({docPath}) => `https://x/${docPath}`,
          plugin: async function myPlugin(context) { return { name: 'p' }; },
          method() { return 1; },
          list: ['x', ...gen.items, 'y'],
          call: compute(1, 2),
          b: 'also kept',
        };
        """)
        #expect(r.value["a"]?.string == "kept")
        #expect(r.value["b"]?.string == "also kept")
        for key in ["editUrl", "plugin", "method", "call"] {
            guard case .unreadable? = r.value[key]?.value else { Issue.record("\(key) readable"); continue }
        }
        #expect(r.value["editUrl"]?.line == 4)
        let list = r.value["list"]?.array ?? []
        #expect(list.compactMap(\.string) == ["x", "y"])
        #expect(r.skipped.contains { $0.line == 7 && $0.message.contains("gen.items") })
    }

    @Test func syntaxErrorsNameTheLine() throws {
        #expect(throws: QuireError(.config, "cannot read this JavaScript: string is not closed on its line", file: "x.js", line: 2)) {
            try read("module.exports = {\n a: 'open\n}")
        }
    }

    /// Every config and sidebars file of the corpora reads; the values used are there.
    @Test func corporaFilesRead() throws {
        let corpora = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../shared/corpora").standardized
        guard FileManager.default.fileExists(atPath: corpora.path) else {
            print("SKIPPED corporaFilesRead: \(corpora.path) is absent")
            return
        }
        var files: [URL] = []
        let walker = FileManager.default.enumerator(atPath: corpora.path)
        while let p = walker?.nextObject() as? String {
            let name = (p as NSString).lastPathComponent
            if p.contains("/docs/") || p.hasPrefix("docs") || !(name.hasSuffix(".js") || name.hasSuffix(".ts")) { continue }
            if name.hasPrefix("docusaurus.config.") || name.hasPrefix("sidebars") || name.hasSuffix("-sidebar.ts") { files.append(corpora.appendingPathComponent(p)) }
        }
        #expect(files.count >= 20)
        for f in files {
            let text = try String(contentsOf: f, encoding: .utf8)
            let r = try JSLiteralReader.read(text, file: f.lastPathComponent)
            #expect(r.value.isObject, "\(f.path)")
        }
    }
}
