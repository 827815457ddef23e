import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import Foundation
import Testing

/// `SMTPClient` against `LocalSMTPServer` over real TCP: what arrives, AUTH, refusals, faults, timeouts.
@Suite struct SMTPLocalServerTests {
    @Test func multipartAlertArrivesIntactWithLoopSafeHeaders() async throws {
        let (server, port) = try await SMTPTestSupport.server()
        defer { Task { await server.stop() } }
        let result = try await SMTPTestSupport.client(port: port).send(SMTPTestSupport.alert())
        #expect(result.messageId == "notification-7f3c@floworx.test")
        #expect(result.accepted == ["manager@example.com", "owner@example.com", "audit@example.com"])
        #expect(result.rejected.isEmpty)

        let messages = server.messages()
        try #require(messages.count == 1)
        let message = messages[0]
        #expect(message.mailFrom == "alerts@floworx.test")
        #expect(message.recipients == ["manager@example.com", "owner@example.com", "audit@example.com"])
        #expect(message.authenticatedUser == SMTPTestSupport.user)

        let parsed = try MIMEParser().parse(message.raw)
        let headers = parsed.headers
        #expect(headers["Message-ID"] == "<notification-7f3c@floworx.test>")
        #expect(headers["Auto-Submitted"] == "auto-generated")
        #expect(headers["X-Auto-Response-Suppress"] == "All")
        #expect(headers["X-FloWorx-Notification"] == "7f3c")
        #expect(headers["In-Reply-To"] == "<orig-1@example.com>")
        #expect(headers["MIME-Version"] == "1.0")
        #expect(headers["Bcc"] == nil)
        #expect(!String(decoding: message.raw, as: UTF8.self).contains("audit@example.com"))
        #expect(MIMEEncodedWords.decode(headers["Subject"] ?? "") == "Urgent: gas smell at 12 Elm St — call now ☎")
        #expect(MIMEAddressList.parse(headers["To"] ?? "") == [EmailAddress(email: "manager@example.com", name: "Renée Côté")])
        #expect(MIMEAddressList.parse(headers["From"] ?? "") == [EmailAddress(email: "alerts@floworx.test", name: "FloWorx Alerts")])
        #expect(MIMEDate.parse(headers["Date"] ?? "") == Date(timeIntervalSince1970: 1_796_000_000))

        // multipart/mixed [ multipart/alternative [ text/plain, text/html ], message/rfc822 ]
        #expect(parsed.mimeType == "multipart/mixed")
        try #require(parsed.children.count == 2)
        #expect(parsed.children[0].mimeType == "multipart/alternative")
        let leaves = SMTPTestSupport.leaves(parsed)
        #expect(leaves.map(\.mimeType) == ["text/plain", "text/html", "message/rfc822"])
        #expect(leaves[0].text == SMTPTestSupport.alert().text)
        #expect(leaves[1].text == SMTPTestSupport.alert().html)
        #expect(leaves[2].body == SMTPTestSupport.original)
        let attached = try MIMEParser().parse(leaves[2].body)
        #expect(attached.headers["Subject"] == "Gas smell in the basement")
        #expect(attached.text.contains("\n.\nThanks"))

        // Every line within 998 octets, every line end CRLF.
        let lines = String(decoding: message.raw, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 && !$0.contains("\n") && !$0.contains("\r") })

        // The same notification sent again carries the same Message-ID: a resend after a crash is recognisable.
        _ = try await SMTPTestSupport.client(port: port).send(SMTPTestSupport.alert())
        #expect(server.messages().map(\.messageId) == ["notification-7f3c@floworx.test", "notification-7f3c@floworx.test"])
    }

    @Test func dotStuffingAndLineEndsRoundTrip() async throws {
        let (server, port) = try await SMTPTestSupport.server()
        defer { Task { await server.stop() } }
        // Bare LF and bare CR line ends, a lone ".", lines starting with "." and "..": the server must see the
        // message unchanged except for CRLF line ends, and the lone "." must not end DATA early.
        let raw = Array("Subject: dots\nMessage-ID: <dots@floworx.test>\n\n.\n..two\r.three\r\nlast line without end".utf8)
        let result = try await SMTPTestSupport.client(port: port).send(raw: raw, from: "alerts@floworx.test", to: ["a@example.com"])
        #expect(result.accepted == ["a@example.com"])
        let received = try #require(server.messages().first)
        #expect(String(decoding: received.raw, as: UTF8.self)
            == "Subject: dots\r\nMessage-ID: <dots@floworx.test>\r\n\r\n.\r\n..two\r\n.three\r\nlast line without end\r\n")

        // Composed text whose quoted-printable lines start with dots.
        var mail = SMTPTestSupport.alert(id: "dots-2@floworx.test")
        mail.text = ".\n.leading\n..double\n. \nend"
        mail.html = nil
        mail.attachments = []
        _ = try await SMTPTestSupport.client(port: port).send(mail)
        let parsed = try MIMEParser().parse(try #require(server.messages().last).raw)
        #expect(parsed.mimeType == "text/plain")
        #expect(parsed.text == mail.text + "\n")  // the final line end of the message
    }

    @Test(arguments: [SMTPAuthMechanism.plain, .login])
    func bothAuthMechanismsAuthenticate(mechanism: SMTPAuthMechanism) async throws {
        let (server, port) = try await SMTPTestSupport.server()
        defer { Task { await server.stop() } }
        _ = try await SMTPTestSupport.client(port: port, mechanism: mechanism).send(SMTPTestSupport.alert())
        #expect(server.messages().first?.authenticatedUser == SMTPTestSupport.user)
    }

    @Test(arguments: [SMTPAuthMechanism.plain, .login])
    func wrongPasswordIsAPermanentAuthenticationError(mechanism: SMTPAuthMechanism) async throws {
        let (server, port) = try await SMTPTestSupport.server()
        defer { Task { await server.stop() } }
        let wrong = "not-the-Pa55word"
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPTestSupport.client(port: port, password: wrong, mechanism: mechanism).send(SMTPTestSupport.alert())
        }
        #expect(error?.kind == .authentication)
        #expect(error?.code == 535)
        #expect(error?.isRetryable == false)
        #expect(!"\(String(describing: error))".contains(wrong))
        #expect(!"\(String(describing: error))".contains(Data(wrong.utf8).base64EncodedString()))
        #expect(server.messages().isEmpty)
    }

    @Test func withoutCredentialsTheServerRefusesPermanently() async throws {
        let (server, port) = try await SMTPTestSupport.server()
        defer { Task { await server.stop() } }
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPTestSupport.client(port: port, password: nil).send(SMTPTestSupport.alert())
        }
        #expect(error?.kind == .authentication)
        #expect(error?.code == 530)
        #expect(error?.isRetryable == false)
        #expect(server.messages().isEmpty)
    }

    @Test(arguments: [LocalSMTPStage.mailFrom, .rcptTo, .data, .endOfData])
    func aTemporaryFailureIsRetryable(stage: LocalSMTPStage) async throws {
        let (server, port) = try await SMTPTestSupport.server()
        defer { Task { await server.stop() } }
        server.update { $0.temporaryFailure = stage; $0.temporaryFailureCode = 451 }
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPTestSupport.client(port: port).send(SMTPTestSupport.alert())
        }
        #expect(error?.code == 451)
        #expect(error?.isRetryable == true)
        #expect(error?.kind == (stage == .rcptTo ? .recipientsRejected : .rejected))
        #expect(server.messages().isEmpty)

        // The fault gone, the same mail goes through.
        server.update { $0.temporaryFailure = nil }
        _ = try await SMTPTestSupport.client(port: port).send(SMTPTestSupport.alert())
        #expect(server.messages().count == 1)
    }

    @Test func aRefusedRecipientIsReportedPerRecipient() async throws {
        let (server, port) = try await SMTPTestSupport.server()
        defer { Task { await server.stop() } }
        server.update { $0.rejectedRecipients = ["owner@example.com"] }
        let result = try await SMTPTestSupport.client(port: port).send(SMTPTestSupport.alert())
        #expect(result.accepted == ["manager@example.com", "audit@example.com"])
        #expect(result.rejected.map(\.address) == ["owner@example.com"])
        #expect(result.rejected.first?.code == 550)
        #expect(result.rejected.first?.enhancedStatus == "5.1.1")
        #expect(result.rejected.first?.isRetryable == false)
        #expect(server.messages().first?.recipients == ["manager@example.com", "audit@example.com"])

        // Every recipient refused: nothing is sent, the error lists them and is permanent.
        server.update { $0.rejectedRecipients = ["manager@example.com", "owner@example.com", "audit@example.com"] }
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPTestSupport.client(port: port).send(SMTPTestSupport.alert())
        }
        #expect(error?.kind == .recipientsRejected)
        #expect(error?.rejectedRecipients.count == 3)
        #expect(error?.isRetryable == false)
        #expect(server.messages().count == 1)
    }

    @Test func aServerWithoutEHLOGetsHELO() async throws {
        // No EHLO means no extensions: no AUTH either, so this server takes mail without credentials.
        let (server, port) = try await SMTPTestSupport.server(credentials: false)
        defer { Task { await server.stop() } }
        server.update { $0.refuseEHLO = true }
        _ = try await SMTPTestSupport.client(port: port, password: nil).send(SMTPTestSupport.alert())
        #expect(server.messages().count == 1)
    }

    @Test func aMessageOverTheSizeLimitIsRefusedPermanently() async throws {
        let (server, port) = try await SMTPTestSupport.server()
        defer { Task { await server.stop() } }
        server.update { $0.maxMessageBytes = 1000 }
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPTestSupport.client(port: port).send(SMTPTestSupport.alert())
        }
        #expect(error?.code == 552)
        #expect(error?.isRetryable == false)
        #expect(server.messages().isEmpty)
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let (server, port) = try await SMTPTestSupport.server()
        defer { Task { await server.stop() } }
        server.update { $0.silent = true }
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPTestSupport.client(port: port, timeout: .milliseconds(300)).send(SMTPTestSupport.alert())
        }
        #expect(error?.kind == .timeout)
        #expect(error?.step == "greeting")
        #expect(error?.isRetryable == true)
    }

    @Test func nothingListeningIsARetryableConnectionError() async throws {
        // A port bound but not listening refuses connections, and stays ours for the test: a port freed by stopping a
        // server could be taken by another test's server in the meantime (CI saw a timeout instead of a refusal).
        let socket = try ClosedPort()
        defer { socket.close() }
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPTestSupport.client(port: socket.port).send(SMTPTestSupport.alert())
        }
        #expect(error?.kind == .connection)
        #expect(error?.isRetryable == true)
    }

    @Test func starttlsRequiredButNotOfferedIsRefused() async throws {
        let (server, port) = try await SMTPTestSupport.server()
        defer { Task { await server.stop() } }
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPTestSupport.client(port: port, tls: .startTLS).send(SMTPTestSupport.alert())
        }
        #expect(error?.kind == .tls)
        #expect(error?.isRetryable == false)
        #expect(server.messages().isEmpty)
    }

    @Test func headerInjectionIsRefusedAndNothingIsSent() async throws {
        let (server, port) = try await SMTPTestSupport.server()
        defer { Task { await server.stop() } }
        var injected = [SMTPTestSupport.alert(), SMTPTestSupport.alert(), SMTPTestSupport.alert(), SMTPTestSupport.alert()]
        injected[0].subject = "Hello\r\nBcc: victim@example.com"
        injected[1].to = [EmailAddress(email: "manager@example.com", name: "Boss\nX-Evil: 1")]
        injected[2].headers = [MailHeader("X-FloWorx-Notification", "1\r\n\r\nfake body")]
        injected[3].to = [EmailAddress(email: "manager@example.com>\r\nBcc: victim@example.com")]
        for mail in injected {
            let error = await #expect(throws: SMTPError.self) {
                try await SMTPTestSupport.client(port: port).send(mail)
            }
            #expect(error?.kind == .invalidMessage)
            #expect(error?.isRetryable == false)
        }
        #expect(server.messages().isEmpty)
    }
}
