import FloWorxCore
import Testing

@Suite struct MIMEHeaderValueTests {
    @Test func valueAndParameters() {
        let value = MIMEHeaderValue(parsing: "Multipart/Mixed; Boundary=\"----=_Part_1;x\"; charset=UTF-8 ; format = flowed")
        #expect(value.value == "multipart/mixed")
        #expect(value.parameters == ["boundary": "----=_Part_1;x", "charset": "UTF-8", "format": "flowed"])
        #expect(value[parameter: "BOUNDARY"] == "----=_Part_1;x")
    }

    @Test func lenientSyntax() {
        #expect(MIMEHeaderValue(parsing: "attachment; filename=my report.pdf").parameters == ["filename": "my report.pdf"])
        #expect(MIMEHeaderValue(parsing: "attachment; filename=\"unterminated.pdf").parameters == ["filename": "unterminated.pdf"])
        #expect(MIMEHeaderValue(parsing: "inline; junk; =x; name=\"a\\\"b\"").parameters == ["name": "a\"b"])
        #expect(MIMEHeaderValue(parsing: "text/plain; charset=a; charset=b").parameters == ["charset": "a"])
        #expect(MIMEHeaderValue(parsing: "").value == "")
    }

    @Test func rfc2231ContinuationsAndCharsets() {
        let value = MIMEHeaderValue(parsing: "attachment; filename*1=\"-2.pdf\"; filename*0*=UTF-8'en'%E2%82%AC%20rate; filename=fallback.pdf")
        #expect(value[parameter: "filename"] == "€ rate-2.pdf")
        #expect(MIMEHeaderValue(parsing: "attachment; filename*=iso-8859-1''caf%E9.txt")[parameter: "filename"] == "café.txt")
        #expect(MIMEHeaderValue(parsing: "attachment; filename*=''plain%2Etxt")[parameter: "filename"] == "plain.txt")
        #expect(MIMEHeaderValue(parsing: "attachment; filename*0=\"long \"; filename*1=\"name.txt\"")[parameter: "filename"] == "long name.txt")
        #expect(MIMEHeaderValue(parsing: "attachment; filename*=utf-8''100%25%zz")[parameter: "filename"] == "100%%zz")
    }

    @Test func encodedWordsOnlyInNames() {
        let value = MIMEHeaderValue(parsing: "image/png; name=\"=?utf-8?Q?caf=C3=A9.png?=\"; other=\"=?utf-8?Q?x?=\"")
        #expect(value[parameter: "name"] == "café.png")
        #expect(value[parameter: "other"] == "=?utf-8?Q?x?=")
    }
}
