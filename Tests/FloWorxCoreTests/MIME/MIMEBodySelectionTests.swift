import FloWorxCore
import Foundation
import Testing

/// Which parts become `text`, `html` and attachments.
@Suite struct MIMEBodySelectionTests {
    private func message(_ text: String) throws(MIMEError) -> EmailMessage {
        try EmailMessage(mime: Array(text.utf8), fallbackMessageId: "fallback", fallbackDate: Date(timeIntervalSince1970: 0))
    }

    @Test func noFromAddressIsAnError() {
        #expect(throws: MIMEError.noFrom) { try message("To: a@b.com\nSubject: x\n\nbody") }
        #expect(throws: MIMEError.noFrom) { try message("From: undisclosed-recipients:;\n\nbody") }
        #expect(throws: MIMEError.noFrom) { try message("From: Just A Name\n\nbody") }
    }

    @Test func firstFromWithAnAddressWins() throws {
        let parsed = try message("From: nobody\nFrom: Real <real@example.com>, other@example.com\nTo: a@b.c\nTo: d@e.f\n\nx")
        #expect(parsed.from == EmailAddress(email: "real@example.com", name: "Real"))
        #expect(parsed.to.map(\.email) == ["a@b.c", "d@e.f"])
        #expect(parsed.subject == "")
        #expect(parsed.messageId == "fallback")
    }

    @Test func calendarAlternativeIsAnAttachment() throws {
        let parsed = try message("""
            From: a@b.c
            Content-Type: multipart/alternative; boundary=a

            --a
            Content-Type: text/plain

            Meeting on site
            --a
            Content-Type: text/html

            <p>Meeting <b>on site</b></p>
            --a
            Content-Type: text/calendar; method=REQUEST; charset=utf-8

            BEGIN:VCALENDAR
            --a--
            """)
        #expect(parsed.text == "Meeting on site")
        #expect(parsed.html == "<p>Meeting <b>on site</b></p>")
        #expect(parsed.attachments == [AttachmentInfo(filename: nil, contentType: "text/calendar", size: 15)])
    }

    @Test func blankPlainAlternativeFallsBackToHTML() throws {
        let parsed = try message("""
            From: a@b.c
            Content-Type: multipart/alternative; boundary=a

            --a
            Content-Type: text/plain


            --a
            Content-Type: text/html

            <p>Only the HTML says something.</p>
            --a--
            """)
        #expect(parsed.text == "Only the HTML says something.")
    }

    @Test func relatedRootChosenByStartParameter() throws {
        let parsed = try message("""
            From: a@b.c
            Content-Type: multipart/related; boundary=r; start="<root@x>"

            --r
            Content-Type: image/gif
            Content-ID: <img@x>
            Content-Transfer-Encoding: base64

            R0lGODlhAQABAAAAACw=
            --r
            Content-Type: text/html; charset=utf-8
            Content-ID: <root@x>

            <p>Root &amp; image</p>
            --r--
            """)
        #expect(parsed.text == "Root & image")
        #expect(parsed.attachments == [AttachmentInfo(filename: nil, contentType: "image/gif", size: 14, contentId: "img@x")])
    }

    @Test func inlineTextPartsOfMixedAreJoinedAndTextAttachmentsAreNot() throws {
        let parsed = try message("""
            From: a@b.c
            Content-Type: multipart/mixed; boundary=m

            --m
            Content-Type: text/plain

            Before the picture.
            --m
            Content-Type: image/jpeg; name=p.jpg
            Content-Disposition: inline; filename=p.jpg

            xxxx
            --m
            Content-Type: text/plain

            After the picture.
            --m
            Content-Type: text/plain; name=notes.txt

            notes
            --m
            Content-Type: text/html
            Content-Disposition: attachment

            <p>saved page</p>
            --m--
            """)
        #expect(parsed.text == "Before the picture.\nAfter the picture.")
        #expect(parsed.html == nil)
        #expect(parsed.attachments == [
            AttachmentInfo(filename: "p.jpg", contentType: "image/jpeg", size: 4, disposition: "inline"),
            AttachmentInfo(filename: "notes.txt", contentType: "text/plain", size: 5),
            AttachmentInfo(filename: nil, contentType: "text/html", size: 17, disposition: "attachment"),
        ])
    }

    @Test func signedMessageSignatureIsAnAttachment() throws {
        let parsed = try message("""
            From: a@b.c
            Content-Type: multipart/signed; protocol="application/pgp-signature"; micalg=pgp-sha256; boundary=s

            --s
            Content-Type: text/plain; charset=us-ascii

            Signed text.
            --s
            Content-Type: application/pgp-signature; name="signature.asc"

            -----BEGIN PGP SIGNATURE-----
            --s--
            """)
        #expect(parsed.text == "Signed text.")
        #expect(parsed.attachments.map(\.filename) == ["signature.asc"])
    }

    @Test func htmlWithoutCharsetParameterUsesItsMetaCharset() throws {
        var raw = Array("From: a@b.c\nContent-Type: text/html\n\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>".utf8)
        raw += [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]
        raw += Array("</body></html>".utf8)
        let parsed = try EmailMessage(mime: raw, fallbackMessageId: "m", fallbackDate: Date(timeIntervalSince1970: 0))
        #expect(parsed.text == "Привет")
        #expect(parsed.html?.contains("<body>Привет</body>") == true)
    }

    @Test func emptyAndAttachmentOnlyMessages() throws {
        #expect(try message("From: a@b.c\n\n").text == "")
        let pdfOnly = try message("From: a@b.c\nContent-Type: application/pdf; name=x.pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0=")
        #expect(pdfOnly.text == "")
        #expect(pdfOnly.attachments == [AttachmentInfo(filename: "x.pdf", contentType: "application/pdf", size: 5)])
    }

    @Test func malformedReferencesAndIds() throws {
        let parsed = try message("""
            From: a@b.c
            Message-ID:   bare-id@example.com  
            In-Reply-To: <parent@x> (Jane's message of Monday)
            References: <a@x>
             <b@x>	<c@
             x>
            References: <d@x>

            x
            """)
        #expect(parsed.messageId == "bare-id@example.com")
        #expect(parsed.headers.inReplyTo == "parent@x")
        #expect(parsed.headers.references == ["a@x", "b@x", "c@x", "d@x"])
    }
}
