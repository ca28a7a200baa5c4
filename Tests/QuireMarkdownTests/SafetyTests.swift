import Testing
@testable import QuireMarkdown

/// Raw `<script>`, event handlers and script URLs never reach the page.
@Suite struct SafetyTests {
    @Test(arguments: [
        "<script>alert(1)</script>",
        "text <script>alert(1)</script> more",
        "<SCRIPT src=\"x.js\"></SCRIPT>",
        "<div>\n<script>\nalert(1)\n</script>\n</div>",
        "<img src=x onerror=\"alert(1)\">",
        "<img src=x onError={alert}>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java&#115;cript:alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "[x](javascript:alert(1))",
        "[x](vbscript:msgbox)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<iframe src=\"https://evil\"></iframe>",
        "<style>body{display:none}</style>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<div onmouseover=\"alert(1)\">hover</div>",
        "<svg onload=alert(1)>",
    ])
    func neutralised(_ md: String) {
        let html = render(md).html.lowercased()
        #expect(!html.contains("<script"))
        #expect(!html.contains("alert"))
        #expect(!html.contains("javascript"))
        #expect(!html.contains("vbscript"))
        #expect(!html.contains("data:text"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("<style"))
        #expect(!html.contains("<object"))
        #expect(!html.contains("<embed"))
        #expect(!html.contains(" on"))
    }

    @Test func keepsHarmlessHTML() {
        let doc = render("<div className=\"box\" id=\"b\" style=\"color: red\">\n\nHi *there*\n\n</div>\n\n![i](data:image/png;base64,AAAA)")
        #expect(doc.html.contains("<div class=\"box\" id=\"b\" style=\"color: red\">"))
        #expect(doc.html.contains("<p>Hi <em>there</em></p>"))
        #expect(doc.html.contains("src=\"data:image/png;base64,AAAA\""))
        #expect(doc.extraAnchors == ["b"])
    }

    @Test func commentsDropped() {
        let doc = render("a <!-- hidden --> b\n\n<!--\nblock\n-->\n\n{/* mdx\ncomment */}\n\nc {/* inline */} d")
        #expect(!doc.html.contains("hidden"))
        #expect(!doc.html.contains("block"))
        #expect(!doc.html.contains("comment"))
        #expect(doc.html.contains("<p>c  d</p>"))
    }
}
