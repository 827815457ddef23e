import FloWorxCore
import Testing

@Suite struct MIMEAddressListTests {
    private func parse(_ text: String) -> [EmailAddress] { MIMEAddressList.parse(text) }

    @Test func commonForms() {
        #expect(parse("Jane Doe <Jane.Doe@Example.COM>") == [EmailAddress(email: "Jane.Doe@example.com", name: "Jane Doe")])
        #expect(parse("jane@example.com") == [EmailAddress(email: "jane@example.com")])
        #expect(parse("<jane@example.com>") == [EmailAddress(email: "jane@example.com")])
        #expect(parse("\"Doe, Jane\" <jane@example.com>, bob@example.com") == [
            EmailAddress(email: "jane@example.com", name: "Doe, Jane"), EmailAddress(email: "bob@example.com"),
        ])
        #expect(parse("\"Jane \\\"JD\\\" Doe\" <jd@example.com>") == [EmailAddress(email: "jd@example.com", name: "Jane \"JD\" Doe")])
    }

    @Test func groups() {
        #expect(parse("undisclosed-recipients:;").isEmpty)
        #expect(parse("Undisclosed recipients: ;").isEmpty)
        #expect(parse("Team: a@x.com, B <b@x.com>; c@y.com") == [
            EmailAddress(email: "a@x.com"), EmailAddress(email: "b@x.com", name: "B"), EmailAddress(email: "c@y.com"),
        ])
    }

    @Test func comments() {
        #expect(parse("jane@example.com (Jane Doe)") == [EmailAddress(email: "jane@example.com", name: "Jane Doe")])
        #expect(parse("Jane (Sales (East)) <jane@example.com>") == [EmailAddress(email: "jane@example.com", name: "Jane")])
        #expect(parse("(only a comment)").isEmpty)
    }

    @Test func encodedWordDisplayNames() {
        #expect(parse("=?UTF-8?Q?Fran=C3=A7ois?= <f@example.fr>") == [EmailAddress(email: "f@example.fr", name: "François")])
        // An encoded comma does not split the list.
        #expect(parse("=?utf-8?Q?Doe=2C_Jane?= <j@example.com>, k@example.com") == [
            EmailAddress(email: "j@example.com", name: "Doe, Jane"), EmailAddress(email: "k@example.com"),
        ])
        // Non-conforming but common: encoded words inside quotes.
        #expect(parse("\"=?ISO-8859-1?Q?Ren=E9e?=\" <r@example.ca>") == [EmailAddress(email: "r@example.ca", name: "Renée")])
        #expect(parse("=?utf-8?B?5bGx55Sw?= =?utf-8?B?5aSq6YOO?= <t@example.jp>") == [EmailAddress(email: "t@example.jp", name: "山田太郎")])
    }

    @Test func sloppyRealWorldForms() {
        #expect(parse("'Jane Doe' <jane@example.com>") == [EmailAddress(email: "jane@example.com", name: "Jane Doe")])
        #expect(parse("Jane Doe jane@example.com") == [EmailAddress(email: "jane@example.com", name: "Jane Doe")])
        #expect(parse("<mailto:Jane@Example.com>") == [EmailAddress(email: "Jane@example.com")])
        #expect(parse("<@relay.example:jane@example.com>") == [EmailAddress(email: "jane@example.com")])
        #expect(parse("\"john doe\"@example.com") == [EmailAddress(email: "\"john doe\"@example.com")])
        #expect(parse("Jane <jane@example.com") == [EmailAddress(email: "jane@example.com", name: "Jane")])
        #expect(parse(", , a@b.c,,") == [EmailAddress(email: "a@b.c")])
        #expect(parse("Nobody").isEmpty)
        #expect(parse("broken@").isEmpty)
        #expect(parse("").isEmpty)
    }
}
