import FloWorxCore
import Testing

@Suite struct MIMEHTMLTextTests {
    private func text(_ html: String) -> String { MIMEHTMLText.plainText(html) }

    @Test func tagsWhitespaceAndBreaks() {
        #expect(text("<p>Hello   <b>world</b></p>\n\n<p>Second</p>") == "Hello world\n\nSecond")
        #expect(text("line one<br>line two<br/><br />line four") == "line one\nline two\n\nline four")
        #expect(text("<div>a</div><div>b</div>") == "a\nb")
        #expect(text("<br><br><br><br>x<br><br><br><br>y") == "x\n\ny")
        #expect(text("<ol><li>one</li><li>two</li></ol>") == "- one\n- two")
        #expect(text("<pre>  keep\n    this</pre>after") == "  keep\n    this\n\nafter")
    }

    @Test func invisibleContentIsDropped() {
        #expect(text("<head><title>T</title><style>p{}</style></head><body>visible</body>") == "visible")
        #expect(text("<script type=\"text/javascript\">if (a < b) { x = '</p>'; }</script>shown<SCRIPT>x</SCRIPT >") == "shown")
        #expect(text("a<!-- hidden -->b<!--[if mso]><p>mso</p><![endif]-->c") == "abc")
        #expect(text("<!DOCTYPE html><?xml version=\"1.0\"?>x") == "x")
        #expect(text("before<style>unterminated") == "before")
    }

    @Test func entities() {
        #expect(text("&lt;tag&gt; &amp; &quot;q&quot; &apos;a&#39;") == "<tag> & \"q\" 'a'")
        #expect(text("caf&eacute; &Uuml;ber &szlig; &yuml; &iexcl;") == "café Über ß ÿ ¡")
        #expect(text("&#8364;&#x20AC;&#150;&#X1F600;") == "€€–😀")
        #expect(text("a&nbsp;&nbsp;b&zwnj;c&shy;d") == "a  bcd")
        #expect(text("AT&T &unknown; &amp") == "AT&T &unknown; &")
        #expect(text("&#0; &#xD800; &#99999999;") == "\u{FFFD} \u{FFFD} \u{FFFD}")
    }

    @Test func literalAngleBracketsAreText() {
        #expect(text("if a < b and c > d") == "if a < b and c > d")
        #expect(text("I <3 pools") == "I <3 pools")
        #expect(text("x <b unterminated") == "x <b unterminated")
    }

    @Test func pathologicalMarkupStaysLinear() {
        let many = String(repeating: "<a", count: 50_000)
        #expect(text(many) == many)
        #expect(text(String(repeating: "&", count: 10_000)).count == 10_000)
    }
}
