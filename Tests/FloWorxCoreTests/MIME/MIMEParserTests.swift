import FloWorxCore
import Testing

@Suite struct MIMEParserTests {
    private func parse(_ text: String, _ parser: MIMEParser = MIMEParser()) throws(MIMEError) -> MIMEEntity {
        try parser.parse(Array(text.utf8))
    }

    private func code(of text: String, _ parser: MIMEParser = MIMEParser()) -> String? {
        code(of: Array(text.utf8), parser)
    }

    private func code(of bytes: [UInt8], _ parser: MIMEParser = MIMEParser()) -> String? {
        do {
            _ = try parser.parse(bytes)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func entityTreeOfNestedAppleMail() throws {
        let root = try MIMEParser().parse(MIMEFixtures.bytes("apple-mail-nested.eml"))
        #expect(root.mimeType == "multipart/mixed")
        #expect(root.children.map(\.mimeType) == ["multipart/alternative", "application/pdf"])
        let alternative = root.children[0]
        #expect(alternative.children.map(\.mimeType) == ["text/plain", "multipart/related"])
        #expect(alternative.children[0].contentType.parameters == ["charset": "us-ascii", "format": "flowed"])
        let related = alternative.children[1]
        #expect(related.contentType[parameter: "TYPE"] == "text/html")
        #expect(related.children.map(\.mimeType) == ["text/html", "image/png"])
        let image = related.children[1]
        #expect(image.filename == "filter.png")
        #expect(image.contentID == "2F1E3D4C-5B6A-4798-8A9B-0C1D2E3F4A5B")
        #expect(image.disposition?.value == "inline")
        #expect(Array(image.body.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(root.children[1].body.count == 845)
        #expect(root.children[1].body.prefix(8).elementsEqual("%PDF-1.4".utf8))
        #expect(root.body.isEmpty)
    }

    @Test func headersKeepOrderDuplicatesAndAreCaseInsensitive() throws {
        let entity = try parse("Received: one\r\nreceived: two\r\nSUBJECT : Hello\r\n  world\r\nX-Empty:\r\n\r\nbody")
        #expect(entity.headers.values(for: "RECEIVED") == ["one", "two"])
        #expect(entity.headers["subject"] == "Hello  world")
        #expect(entity.headers.fields.map(\.name) == ["Received", "received", "SUBJECT", "X-Empty"])
        #expect(entity.headers["x-empty"] == "")
        #expect(entity.headers["Missing"] == nil)
        #expect(entity.text == "body")
    }

    @Test func bareLineFeedsAndCRLFMixed() throws {
        let entity = try parse("Subject: a\nContent-Type: multipart/mixed; boundary=x\r\n\n--x\nContent-Type: text/plain\n\none\r\ntwo\n--x\r\n\r\nthree\n--x--\n")
        #expect(entity.children.map(\.text) == ["one\ntwo", "three"])
    }

    @Test func preambleEpilogueAndBoundaryLookalikes() throws {
        let entity = try parse("""
            Content-Type: multipart/mixed; boundary="b"

            preamble --b
            --b
            Content-Type: text/plain

            --bb is not a boundary
            --b-- not a close either
            --b  \t
            Content-Type: text/plain

            second
            --b--
            epilogue
            --b
            ignored
            """)
        #expect(entity.children.map(\.text) == ["--bb is not a boundary\n--b-- not a close either", "second"])
    }

    @Test func partWithoutHeadersIsTextBody() throws {
        let entity = try parse("Content-Type: multipart/mixed; boundary=b\n\n--b\nJust text, no headers.\n--b\n\n\n--b--")
        #expect(entity.children.count == 2)
        #expect(entity.children[0].mimeType == "text/plain")
        #expect(entity.children[0].text == "Just text, no headers.")
        #expect(entity.children[1].body.isEmpty)
    }

    @Test func multipartWithoutUsableBoundaryBecomesText() throws {
        let noBoundary = try parse("Content-Type: multipart/mixed\n\nhello")
        #expect(noBoundary.mimeType == "text/plain")
        #expect(noBoundary.text == "hello")
        let unusedBoundary = try parse("Content-Type: multipart/alternative; boundary=zzz\n\nhello")
        #expect(unusedBoundary.mimeType == "text/plain")
        #expect(unusedBoundary.children.isEmpty)
    }

    @Test func invalidContentTypeIsTextPlain() throws {
        #expect(try parse("Content-Type: garbage\n\nx").mimeType == "text/plain")
        #expect(try parse("Content-Type: text/ plain; charset=utf-8\n\nx").mimeType == "text/plain")
        #expect(try parse("Content-Type: Text/HTML; Charset=\"UTF-8\"\n\nx").mimeType == "text/html")
        #expect(try parse("Content-Type: Text/HTML; Charset=\"UTF-8\"\n\nx").charset == "UTF-8")
    }

    @Test func digestPartsDefaultToMessageRFC822() throws {
        let entity = try parse("Content-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: a@b.c\n\nhi\n--d--")
        #expect(entity.children.map(\.mimeType) == ["message/rfc822"])
        #expect(entity.children[0].body == Array("From: a@b.c\n\nhi".utf8))
    }

    @Test func mboxFromLineAndLeadingBlankLinesAreSkipped() throws {
        #expect(try parse("From someone@example.com Mon Jan  1 00:00:00 2024\nSubject: x\n\nbody").headers["Subject"] == "x")
        #expect(try parse("\r\n\r\nSubject: y\r\n\r\nbody").headers["Subject"] == "y")
    }

    @Test func headerOnlyMessageHasEmptyBody() throws {
        let entity = try parse("From: a@b.c\r\nSubject: no body\r\n")
        #expect(entity.headers["subject"] == "no body")
        #expect(entity.body.isEmpty)
    }

    @Test func malformedInputsGiveSpecificCodes() {
        #expect(code(of: "") == "mime_empty")
        #expect(code(of: " \r\n\t\n") == "mime_empty")
        #expect(code(of: "From: a@b.com\r\nSubject: Hi\r\nThis line is body text without the empty line\r\n") == "mime_no_header_separator")
        #expect(code(of: "Hello, this is not an email.\n\nBody") == "mime_bad_header")
        #expect(code(of: " folded: first line\n\nbody") == "mime_bad_header")
        #expect(code(of: [0x00, 0xFF, 0x13, 0x37, 0x0A, 0x89, 0x50, 0x4E, 0x47, 0x3A, 0x0D, 0x0A]) == "mime_bad_header")
        #expect(code(of: ": no name\n\nbody") == "mime_bad_header")
    }

    @Test func oversizeInputIsRejectedBeforeParsing() {
        let message = "From: a@b.c\n\n" + String(repeating: "x", count: 100)
        #expect(code(of: message, MIMEParser(maxSize: 100)) == "mime_too_large")
        #expect(code(of: message, MIMEParser(maxSize: 113)) == nil)
    }

    /// A message whose innermost multipart is `levels` deep.
    private func nested(_ levels: Int) -> String {
        var text = "Content-Type: text/plain\n\ncore\n"
        for level in (0..<levels).reversed() {
            text = "Content-Type: multipart/mixed; boundary=\"l\(level)\"\n\n--l\(level)\n\(text)--l\(level)--\n"
        }
        return text
    }

    @Test func nestingDepthIsLimited() throws {
        #expect(code(of: nested(33)) == "mime_too_deep")
        #expect(code(of: nested(4), MIMEParser(maxDepth: 3)) == "mime_too_deep")
        var entity = try parse(nested(32))
        while let child = entity.children.first { entity = child }
        #expect(entity.text == "core")
    }

    @Test func partCountIsLimited() throws {
        let parts = (0..<1000).map { "--p\nContent-Type: text/plain\n\npart \($0)\n" }.joined()
        let message = "Content-Type: multipart/mixed; boundary=p\n\n" + parts + "--p--\n"
        // 1000 leaves plus the container.
        #expect(code(of: message) == "mime_too_many_parts")
        #expect(try parse(message, MIMEParser(maxParts: 1001)).children.count == 1000)
        #expect(code(of: message, MIMEParser(maxParts: 10)) == "mime_too_many_parts")
    }

    @Test func absurdHeaderSectionsAreRejected() {
        let longLine = "X-Long: " + String(repeating: "a", count: 1_100_000) + "\n\nbody"
        #expect(code(of: longLine) == "mime_header_too_long")
        let manyLines = String(repeating: "X-A: b\n", count: 200_000) + "\nbody"
        #expect(code(of: manyLines) == "mime_header_too_long")
        var parser = MIMEParser()
        parser.maxHeaderSize = 64
        #expect(code(of: "Subject: " + String(repeating: "s", count: 80) + "\n\nbody", parser) == "mime_header_too_long")
    }

    @Test func errorsDescribeThemselves() {
        let error = MIMEError.tooLarge(size: 10, limit: 5)
        #expect(error.description == "mime_too_large: the message is 10 bytes, more than the limit of 5 bytes")
    }
}
