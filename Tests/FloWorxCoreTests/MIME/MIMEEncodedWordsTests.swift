import FloWorxCore
import Testing

@Suite struct MIMEEncodedWordsTests {
    @Test func bAndQEncodingsInSeveralCharsets() {
        #expect(MIMEEncodedWords.decode("=?UTF-8?B?w6lsw6hWZQ==?=") == "élèVe")
        #expect(MIMEEncodedWords.decode("=?utf-8?q?caf=C3=A9_cr=C3=A8me?=") == "café crème")
        #expect(MIMEEncodedWords.decode("=?ISO-8859-1?Q?Andr=E9?= Pirard") == "André Pirard")
        #expect(MIMEEncodedWords.decode("=?windows-1252?Q?=93Hot_tub=94_=96_quote?=") == "“Hot tub” – quote")
        #expect(MIMEEncodedWords.decode("=?KOI8-R?B?8NLJ18XU?=") == "Привет")
        #expect(MIMEEncodedWords.decode("=?Shift_JIS?B?k/qWe4zq?=") == "日本語")
        #expect(MIMEEncodedWords.decode("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=") == "日本語")
        #expect(MIMEEncodedWords.decode("=?GB2312?B?1tDOxA==?=") == "中文")
        #expect(MIMEEncodedWords.decode("=?EUC-KR?B?x9GxuQ==?=") == "한국")
        #expect(MIMEEncodedWords.decode("=?iso-8859-2?Q?Wroc=B3aw?=") == "Wrocław")
        #expect(MIMEEncodedWords.decode("=?utf-8*en?Q?hello?=") == "hello")
        // Unknown charsets decode as UTF-8 when valid, else windows-1252.
        #expect(MIMEEncodedWords.decode("=?x-mac-unknown?Q?caf=C3=A9?= =?x-nope?Q?caf=E9?=") == "cafécafé")
    }

    @Test func whitespaceBetweenAdjacentEncodedWordsIsDropped() {
        #expect(MIMEEncodedWords.decode("=?utf-8?Q?a?= =?utf-8?Q?b?=") == "ab")
        #expect(MIMEEncodedWords.decode("=?utf-8?Q?a?=  \t =?iso-8859-1?Q?b?=") == "ab")
        #expect(MIMEEncodedWords.decode("=?utf-8?Q?a?= b =?utf-8?Q?c?=") == "a b c")
        #expect(MIMEEncodedWords.decode("x =?utf-8?Q?a_?= y") == "x a  y")
    }

    @Test func multiByteCharactersSplitAcrossEncodedWords() {
        // "€" is E2 82 AC; Gmail and Outlook split long subjects at byte boundaries.
        #expect(MIMEEncodedWords.decode("=?UTF-8?Q?Price_=E2=82?= =?UTF-8?Q?=AC42?=") == "Price €42")
        #expect(MIMEEncodedWords.decode("=?UTF-8?B?5pel5pys6Kqe44Gu?= =?UTF-8?B?44OG44Kt44K544OI?=") == "日本語のテキスト")
        #expect(MIMEEncodedWords.decode("=?utf-8?B?8J+b?= =?utf-8?B?gQ==?=") == "🛁")
        #expect(MIMEEncodedWords.decode("=?shift_jis?B?k/qW?= =?shift_jis?B?e4zq?=") == "日本語")
    }

    @Test func malformedWordsStayLiteral() {
        #expect(MIMEEncodedWords.decode("=?utf-8?X?abc?=") == "=?utf-8?X?abc?=")
        #expect(MIMEEncodedWords.decode("=?utf-8?Q?unterminated") == "=?utf-8?Q?unterminated")
        #expect(MIMEEncodedWords.decode("=??Q?abc?=") == "=??Q?abc?=")
        #expect(MIMEEncodedWords.decode("2+2=?4?") == "2+2=?4?")
        #expect(MIMEEncodedWords.decode("plain subject") == "plain subject")
    }

    @Test func wordsGluedToTextAreDecodedLikeMailClientsDo() {
        #expect(MIMEEncodedWords.decode("Re:=?utf-8?Q?caf=C3=A9?=!") == "Re:café!")
    }

    @Test func manyUnterminatedWordsStayLiteral() {
        let text = String(repeating: "=?utf-8?q?x", count: 20_000)
        #expect(MIMEEncodedWords.decode(text) == text)
    }
}
