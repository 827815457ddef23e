import Foundation
import Testing

@testable import FloWorxIntegrations

/// The result types decode the vendors' documented response bodies.
@Suite("Result types decode vendor bodies")
struct ProviderModelTests {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    @Test("Gmail history: string uint64 ids, every record kind, added messages once each")
    func gmailHistory() throws {
        let page = try Self.decode(GmailHistoryPage.self, #"""
        {"history":[
          {"id":"1235","messages":[{"id":"18c1a","threadId":"18c1a"}],
           "messagesAdded":[{"message":{"id":"18c1a","threadId":"18c1a","labelIds":["UNREAD","INBOX"]}}]},
          {"id":"1240","messages":[{"id":"18c1a","threadId":"18c1a"}],
           "labelsAdded":[{"message":{"id":"18c1a","threadId":"18c1a","labelIds":["Label_1","INBOX"]},"labelIds":["Label_1"]}]},
          {"id":"1241","messages":[{"id":"18c1b","threadId":"18c1a"}],
           "messagesAdded":[{"message":{"id":"18c1b","threadId":"18c1a"}}],
           "messagesDeleted":[{"message":{"id":"18c0f","threadId":"18c0f"}}],
           "labelsRemoved":[{"message":{"id":"18c1a","threadId":"18c1a","labelIds":["Label_1"]},"labelIds":["INBOX"]}]}],
         "nextPageToken":"09876","historyId":"1250"}
        """#)
        #expect(page.historyId == "1250" && page.nextPageToken == "09876")
        #expect(page.history.map(\.id) == ["1235", "1240", "1241"])
        #expect(page.addedMessages.map(\.id) == ["18c1a", "18c1b"])
        #expect(page.history[1].labelsAdded.first?.labelIds == ["Label_1"])
        #expect(page.history[2].labelsRemoved.first?.labelIds == ["INBOX"])
        #expect(page.history[2].messagesDeleted.first?.message.id == "18c0f")
        let empty = try Self.decode(GmailHistoryPage.self, #"{"historyId":1251}"#)
        #expect(empty.history.isEmpty && empty.historyId == "1251")
    }

    @Test("Gmail raw message, profile, watch, draft and empty lists")
    func gmailModels() throws {
        let message = try Self.decode(GmailRawMessage.self, #"{"id":"18c1a","threadId":"18c1a","labelIds":["INBOX"],"snippet":"Hi","sizeEstimate":9,"historyId":"1235","internalDate":"1796540400000","raw":"RnJvbTogYUBiLmM-Cg=="}"#)
        #expect(message.raw == Data("From: a@b.c>\n".utf8))
        #expect(message.receivedAt == Date(timeIntervalSince1970: 1_796_540_400))
        let profile = try Self.decode(GmailProfile.self, #"{"emailAddress":"owner@shop.example","messagesTotal":12,"threadsTotal":9,"historyId":"98765"}"#)
        #expect(profile.historyId == "98765")
        let watch = try Self.decode(GmailWatch.self, #"{"historyId":"1234567","expiration":"1797145200000"}"#)
        #expect(watch.expiresAt == Date(timeIntervalSince1970: 1_797_145_200))
        let draft = try Self.decode(GmailDraft.self, #"{"id":"r-1","message":{"id":"m1","threadId":"t1","labelIds":["DRAFT"],"raw":"aGk"}}"#)
        #expect(draft.id == "r-1" && draft.messageId == "m1" && draft.threadId == "t1" && draft.raw == Data("hi".utf8))
        #expect(try Self.decode(GmailDraft.self, String(decoding: JSONEncoder().encode(draft), as: UTF8.self)) == draft)
        #expect(try Self.decode(GmailMessageList.self, #"{"resultSizeEstimate":0}"#).messages.isEmpty)
        #expect(try Self.decode(GmailDraftList.self, #"{"resultSizeEstimate":0}"#).drafts.isEmpty)
        #expect(throws: DecodingError.self) { try Self.decode(GmailRawMessage.self, #"{"id":"x","threadId":"y","raw":"!!!"}"#) }
    }

    @Test("Graph delta page: the documented example with a full row and an @removed row")
    func graphDelta() throws {
        let page = try Self.decode(GraphDeltaPage.self, #"""
        {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Collection(message)",
         "@odata.nextLink":"https://graph.microsoft.com/v1.0/me/mailfolders('AQMkADNkNAAAgEMAAAA')/messages/delta?$skiptoken=GwcBoTmPuoTQWfcsAbkYM",
         "value":[
          {"@odata.type":"#microsoft.graph.message","@odata.etag":"W/\"CQAAABYAAAARn2vdzPIuQ\"","createdDateTime":"2016-12-29T22:12:35Z",
           "lastModifiedDateTime":"2016-12-29T22:12:35Z","changeKey":"CQAAABYAAAARn2vdzPIuQ","categories":[],
           "receivedDateTime":"2016-12-29T22:12:35Z","sentDateTime":"2016-12-29T22:12:35Z","hasAttachments":false,
           "internetMessageId":"<MWHPR15MB1@namprd15.prod.outlook.com>","subject":"Orders","bodyPreview":"","importance":"normal",
           "parentFolderId":"AQMkADNkNAAAgEMAAAA","conversationId":"AAQkADNkNAAAAABAAAQ","isRead":false,"isDraft":false,
           "body":{"contentType":"html","content":"<html><body>Hi</body></html>"},
           "sender":{"emailAddress":{"name":"Randi Welch","address":"randiw@contoso.com"}},
           "from":{"emailAddress":{"name":"Randi Welch","address":"randiw@contoso.com"}},
           "toRecipients":[{"emailAddress":{"name":"Samantha Booth","address":"samanthab@contoso.com"}}],
           "ccRecipients":[],"bccRecipients":[],"replyTo":[],"id":"AAMkADNkNAAAgWkAAAA"},
          {"@odata.type":"#microsoft.graph.message","id":"AAMkADk0MGFkODE3LWE4MmYtNDRhOS0Dh_6qB-pB2Sa2pUum19a6YAAKnLuxoAAA=",
           "@removed":{"reason":"deleted"}}]}
        """#)
        #expect(page.nextLink?.contains("$skiptoken=") == true && page.deltaLink == nil)
        #expect(page.messages.map(\.id) == ["AAMkADNkNAAAgWkAAAA"])
        #expect(page.removedIds == ["AAMkADk0MGFkODE3LWE4MmYtNDRhOS0Dh_6qB-pB2Sa2pUum19a6YAAKnLuxoAAA="])
        #expect(page.value[1].removed?.reason == "deleted")
        let message = page.messages[0]
        #expect(message.from?.emailAddress.address == "randiw@contoso.com")
        #expect(message.receivedAt == Date(timeIntervalSince1970: 1_483_049_555))
    }

    @Test("Graph dates with seven fractional digits and offsets; subscriptions never keep clientState")
    func graphDates() throws {
        #expect(GraphDate.parse("2016-11-20T18:23:45.9356913Z") == Date(timeIntervalSince1970: 1_479_666_225.935))
        #expect(GraphDate.parse("2016-11-20T18:23:45Z") == Date(timeIntervalSince1970: 1_479_666_225))
        #expect(GraphDate.parse("2016-11-20T19:23:45.5+01:00") == Date(timeIntervalSince1970: 1_479_666_225.5))
        #expect(GraphDate.parse("yesterday") == nil)
        let subscription = try Self.decode(GraphSubscription.self, #"""
        {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity","id":"7f105c7d-2dc5-4530-97cd-4e7ae6534c07",
         "resource":"me/mailFolders('Inbox')/messages","applicationId":"24d3b144-21ae-4080-943f-7067b395b913","changeType":"created",
         "clientState":"secretClientValue","notificationUrl":"https://webhook.azurewebsites.net/api/send/myNotifyClient",
         "lifecycleNotificationUrl":"https://webhook.azurewebsites.net/api/send/lifecycleNotifications",
         "expirationDateTime":"2016-11-20T18:23:45.9356913Z","creatorId":"8ee44408-0679-472c-bc2a-692812af3437",
         "latestSupportedTlsVersion":"v1_2","notificationContentType":"application/json"}
        """#)
        #expect(subscription.id == "7f105c7d-2dc5-4530-97cd-4e7ae6534c07")
        #expect(subscription.expiresAt == Date(timeIntervalSince1970: 1_479_666_225.935))
        #expect(!String(decoding: try JSONEncoder().encode(subscription), as: UTF8.self).contains("secretClientValue"))
        #expect(GraphSubscriptionRequest.maxMessageLifetime == .seconds(604_800))
    }
}
