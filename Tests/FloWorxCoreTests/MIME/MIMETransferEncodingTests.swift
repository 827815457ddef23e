import FloWorxCore
import Testing

@Suite struct MIMETransferEncodingTests {
    private func qp(_ text: String) -> String {
        String(decoding: MIMETransferEncoding.quotedPrintable(Array(text.utf8)[...]), as: UTF8.self)
    }

    private func base64(_ text: String) -> [UInt8] {
        MIMETransferEncoding.base64(Array(text.utf8)[...])
    }

    @Test func quotedPrintable() {
        #expect(qp("caf=C3=A9 cr=c3=a8me") == "café crème")
        #expect(qp("soft=\r\nbreak and=\nLF=  \r\nwith blanks") == "softbreak andLFwith blanks")
        #expect(qp("trailing   \r\nkept=20\r\n") == "trailing\r\nkept \r\n")
        #expect(qp("a = b, =ZZ, =4") == "a = b, =ZZ, =4")
        #expect(qp("end=") == "end")
        #expect(qp("bare\rCR") == "bare\rCR")
    }

    @Test func base64TolerantDecoding() {
        #expect(base64("SGVsbG8sIHdvcmxk") == Array("Hello, world".utf8))
        #expect(base64("SGVs\r\nbG8s IHdv\tcmxkIQ==\r\n") == Array("Hello, world!".utf8))
        #expect(base64("SGVsbG8") == Array("Hello".utf8))
        #expect(base64("SGk") == Array("Hi".utf8))
        #expect(base64("SGk=SGk=") == Array("HiHi".utf8))
        #expect(base64("S!G*k") == Array("Hi".utf8))
        #expect(base64("S").isEmpty)
        #expect(base64("").isEmpty)
    }

    @Test func decodeByHeaderValue() {
        let bytes = Array("=41".utf8)[...]
        #expect(MIMETransferEncoding.decode(bytes, encoding: "Quoted-Printable") == [0x41])
        #expect(MIMETransferEncoding.decode(bytes, encoding: "8bit") == Array("=41".utf8))
        #expect(MIMETransferEncoding.decode(bytes, encoding: "x-unknown") == Array("=41".utf8))
        #expect(MIMETransferEncoding.decode(bytes, encoding: nil) == Array("=41".utf8))
        #expect(MIMETransferEncoding.decode(Array("QQ==".utf8)[...], encoding: "BASE64") == [0x41])
    }
}
