import FloWorxCore
import Foundation
import Testing

@Suite struct MIMEDateTests {
    @Test(arguments: [
        ("Tue, 14 Jan 2025 09:12:18 -0500", "2025-01-14T14:12:18Z"),
        ("14 Jan 2025 09:12:18 +0100", "2025-01-14T08:12:18Z"),
        ("Fri, 7 Mar 2025 16:44:58 +0000 (UTC)", "2025-03-07T16:44:58Z"),
        ("Mon, 6 Jan 25 09:15 EST", "2025-01-06T14:15:00Z"),
        ("Sun, 1 Jun 97 10:00:00 PDT", "1997-06-01T17:00:00Z"),
        ("Wed, 1 Mar 100 00:00:00 GMT", "2000-03-01T00:00:00Z"),
        ("1 Jul 2024 12:00:00 UT", "2024-07-01T12:00:00Z"),
        ("Tue,  2 Jan 2024 03:04:05 CST", "2024-01-02T09:04:05Z"),
        ("Thu, 29 Feb 2024 23:59:60 +0000", "2024-02-29T23:59:59Z"),
        ("Thu, 01 Feb 2024 10:00:00 Z", "2024-02-01T10:00:00Z"),
        ("Thu, 01 Feb 2024 10:00:00 -0000", "2024-02-01T10:00:00Z"),
        ("Thu, 01 Feb 2024 10:00:00", "2024-02-01T10:00:00Z"),
        ("Thu,01 Feb 2024 10:00:00 +0530", "2024-02-01T04:30:00Z"),
        ("Tue Jan  2 03:04:05 2024", "2024-01-02T03:04:05Z"),
        ("Mon, 2 September 2024 10:00:00 +02:00", "2024-09-02T08:00:00Z"),
        ("2024-05-06T07:08:09Z", "2024-05-06T07:08:09Z"),
    ])
    func parsesRFC5322AndObsoleteForms(_ text: String, _ iso: String) {
        #expect(MIMEDate.parse(text) == ISO8601.parse(iso))
    }

    @Test(arguments: [
        "", "yesterday", "Thu, 30 Feb 2024 10:00:00 +0000", "Thu, 01 Foo 2024 10:00:00 +0000", "Thu, 01 Feb 2024 25:00:00 +0000",
        "Thu, 01 Feb 2024 10:61:00 +0000", "Thu, 01 Feb 1800 10:00:00 +0000", "Thu, 29 Feb 2023 10:00:00 +0000", "01 Feb",
    ])
    func rejectsInvalidDates(_ text: String) {
        #expect(MIMEDate.parse(text) == nil)
    }

    @Test func invalidDateHeaderUsesTheFallback() throws {
        let raw = Array("From: a@b.com\nDate: sometime last week\n\nhi".utf8)
        let fallback = Date(timeIntervalSince1970: 1_700_000_000)
        let message = try EmailMessage(mime: raw, fallbackMessageId: "m1", fallbackDate: fallback)
        #expect(message.receivedAt == fallback)
        #expect(message.messageId == "m1")
    }
}
