"""Drives the local Graph server with Microsoft's own SDK (msgraph-sdk): every Graph call FloWorx makes, checking
that the SDK parses each response into its typed models with the expected values.

Run by the Swift test LocalGraphOfficialClientTests (through scripts/api-check/graph-check.sh), which starts the
server, creates the mailbox and its mail, starts a subscriber endpoint and passes their URLs here.
Usage: graph_mail_check.py --base-url http://127.0.0.1:PORT/v1.0 --token TOKEN --email ADDRESS --notify-url URL
Prints one line per check and "N passed, M failed"; exits non-zero when a check failed.
"""
import argparse
import asyncio
import datetime
import json
import sys
import traceback
import urllib.error
import urllib.request

from kiota_abstractions.authentication import AccessTokenProvider, AllowedHostsValidator, BaseBearerTokenAuthenticationProvider
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.mail_folder import MailFolder
from msgraph.generated.models.message import Message
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.subscription import Subscription
from msgraph.generated.models.user import User
from msgraph.generated.users.item.messages.item.create_reply.create_reply_post_request_body import CreateReplyPostRequestBody
from msgraph.generated.users.item.mail_folders.item.messages.messages_request_builder import MessagesRequestBuilder
from msgraph.generated.users.item.messages.item.message_item_request_builder import MessageItemRequestBuilder
from msgraph.generated.users.item.messages.item.move.move_post_request_body import MovePostRequestBody


class StaticToken(AccessTokenProvider):
    """The access token the Swift test issued; no Azure identity involved."""

    def __init__(self, token):
        self.token = token

    async def get_authorization_token(self, uri, additional_authentication_context=None):
        return self.token

    def get_allowed_hosts_validator(self):
        return AllowedHostsValidator([])


def immutable():
    config = RequestConfiguration()
    config.headers.add("Prefer", 'IdType="ImmutableId"')
    return config


def select_categories():
    config = RequestConfiguration()
    config.headers.add("Prefer", 'IdType="ImmutableId"')
    config.query_parameters = MessageItemRequestBuilder.MessageItemRequestBuilderGetQueryParameters(select=["categories"])
    return config


def raw_patch(base_url, token, message_id, body):
    """PATCHes a message with a raw JSON body; returns (status, body text)."""
    request = urllib.request.Request(f"{base_url}/me/messages/{message_id}", data=body.encode(), method="PATCH",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def paged(size):
    config = immutable()
    config.headers.add("Prefer", f"odata.maxpagesize={size}")
    return config


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    async def run(self, name, coroutine):
        try:
            await coroutine
            self.passed += 1
            print(f"PASS {name}")
        except Exception:  # noqa: BLE001 - every failure is reported, the run goes on
            self.failed += 1
            print(f"FAIL {name}")
            traceback.print_exc(file=sys.stdout)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--notify-url", required=True)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--expired-delta-link", help="a deltaLink the server has expired (410 expected)")
    parser.add_argument("--expired-token", help="the token of the mailbox --expired-delta-link belongs to")
    args = parser.parse_args()

    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(StaticToken(args.token)))
    adapter.base_url = args.base_url
    client = GraphServiceClient(request_adapter=adapter)
    inbox = client.me.mail_folders.by_mail_folder_id("inbox")
    checks = Checks()
    state = {}

    async def me():
        user = await client.me.get()
        expect(isinstance(user, User), f"me is {type(user)}")
        expect(user.mail == args.email and user.user_principal_name == args.email, f"mail {user.mail}")
        expect(user.id, "user id")

    async def delta():
        page = await inbox.messages.delta.get(request_configuration=paged(2))
        messages, pages = list(page.value), 1
        while page.odata_next_link:
            expect(page.odata_delta_link is None, "a page has nextLink or deltaLink, not both")
            page = await inbox.messages.delta.with_url(page.odata_next_link).get(request_configuration=paged(2))
            messages += page.value
            pages += 1
        expect(page.odata_delta_link, "the last page has a deltaLink")
        expect(len(messages) == args.messages, f"{len(messages)} messages")
        expect(pages == (args.messages + 1) // 2, f"{pages} pages")
        for message in messages:
            expect(isinstance(message, Message), f"delta item is {type(message)}")
            expect(message.subject.startswith("Order "), f"subject {message.subject}")
            expect(message.is_read is False, "unread")
            expect(message.body.content_type == BodyType.Text, f"body type {message.body.content_type}")
            expect(message.from_.email_address.address == "customer@example.com", "from")
            expect(message.received_date_time.tzinfo is not None, "receivedDateTime has a zone")
        state["ids"] = [message.id for message in messages]
        state["delta_link"] = page.odata_delta_link

    async def message_get_patch():
        message_id = state["ids"][0]
        message = await client.me.messages.by_message_id(message_id).get(request_configuration=immutable())
        expect(message.id == message_id, "same immutable id")
        expect(message.conversation_id and message.internet_message_id, "conversation and Message-ID")
        patched = await client.me.messages.by_message_id(message_id).patch(
            Message(categories=["FloWorx: Sales"], is_read=False), request_configuration=immutable())
        expect(patched.categories == ["FloWorx: Sales"], f"categories {patched.categories}")
        expect(patched.is_read is False, "still unread")
        # A workflow's addLabel: the categories read, then the union written (Graph replaces the whole list); the id stays.
        current = await client.me.messages.by_message_id(message_id).get(request_configuration=select_categories())
        union = list(current.categories) + ["Clients/VIP"]
        labelled = await client.me.messages.by_message_id(message_id).patch(Message(categories=union), request_configuration=immutable())
        expect(labelled.id == message_id, "a categories PATCH keeps the message id")
        expect(labelled.categories == ["FloWorx: Sales", "Clients/VIP"], f"categories {labelled.categories}")
        # Bad shapes are 400 RequestBodyRead, as Graph answers them (sent raw: the SDK's model cannot express them).
        for bad in ('"Clients/VIP"', "[1]", "null"):
            status, body = await asyncio.to_thread(raw_patch, args.base_url, args.token, message_id, '{"categories": %s}' % bad)
            expect(status == 400 and json.loads(body)["error"]["code"] == "RequestBodyRead", f"categories {bad}: {status} {body[:200]}")

    async def mime():
        content = await client.me.messages.by_message_id(state["ids"][0]).content.get()
        text = content.decode() if isinstance(content, (bytes, bytearray)) else str(content)
        expect("Subject: Order 0" in text, "MIME has the subject")

    async def child_folders():
        # The Swift test made the first childFolders GET answer 429 with Retry-After: 1; the SDK's retry handler
        # waits and retries, so the listing below still succeeds.
        created = await inbox.child_folders.post(MailFolder(display_name="FloWorx Urgent"))
        expect(isinstance(created, MailFolder) and created.display_name == "FloWorx Urgent", "created")
        expect(created.total_item_count == 0 and created.child_folder_count == 0, "counts")
        state["folder"] = created.id
        listed = await inbox.child_folders.get()
        expect([folder.display_name for folder in listed.value] == ["FloWorx Urgent"], "listed")
        try:
            await inbox.child_folders.post(MailFolder(display_name="FloWorx Urgent"))
            raise AssertionError("a duplicate folder was created")
        except ODataError as error:
            expect(error.response_status_code == 409, f"status {error.response_status_code}")
            expect(error.error.code == "ErrorFolderExists", f"code {error.error.code}")

    async def move():
        moved = await client.me.messages.by_message_id(state["ids"][1]).move.post(
            MovePostRequestBody(destination_id=state["folder"]), request_configuration=immutable())
        expect(isinstance(moved, Message), "moved message")
        expect(moved.id == state["ids"][1], "immutable id kept across the move")
        expect(moved.parent_folder_id == state["folder"], "in the child folder")

    async def create_reply():
        draft = await client.me.messages.by_message_id(state["ids"][2]).create_reply.post(
            CreateReplyPostRequestBody(comment="Thanks, we are on it."), request_configuration=immutable())
        expect(draft.is_draft is True, "a draft")
        expect(draft.subject == "RE: Order 2", f"subject {draft.subject}")
        expect("Thanks, we are on it." in draft.body.content, "the comment is in the draft body")
        expect(draft.to_recipients[0].email_address.address == "customer@example.com", "to the sender")
        original = await client.me.messages.by_message_id(state["ids"][2]).get()
        expect(original.is_read is False, "original still unread")
        expect(draft.conversation_id == original.conversation_id, "same conversation")
        body = Message(body=ItemBody(content_type=BodyType.Html, content="<p>Our reply</p>"))
        patched = await client.me.messages.by_message_id(draft.id).patch(body)
        expect(patched.body.content == "<p>Our reply</p>", "draft body patched")
        state["draft"], state["conversation"] = draft.id, original.conversation_id

    async def drafts_and_folder_delta():
        # What FloWorx reads to adopt a draft after a crash, and to notice the owner moving mail between its folders.
        config = immutable()
        config.query_parameters = MessagesRequestBuilder.MessagesRequestBuilderGetQueryParameters(
            top=50, select=["id", "changeKey", "conversationId", "bodyPreview", "isDraft"])
        page = await client.me.mail_folders.by_mail_folder_id("drafts").messages.get(request_configuration=config)
        found = [m for m in page.value if m.id == state["draft"]]
        expect(len(found) == 1, "the reply draft is listed in Drafts")
        expect(found[0].conversation_id == state["conversation"] and found[0].is_draft is True, "its conversation, a draft")
        expect(found[0].body_preview.startswith("Our reply"), f"bodyPreview {found[0].body_preview!r}")
        delta = await client.me.mail_folders.by_mail_folder_id(state["folder"]).messages.delta.get(request_configuration=immutable())
        expect([m.id for m in delta.value] == [state["ids"][1]], "the child folder's delta holds the moved message")
        expect(delta.odata_delta_link, "deltaLink")

    async def delete_and_delta():
        await client.me.messages.by_message_id(state["ids"][3]).delete()
        try:
            await client.me.messages.by_message_id(state["ids"][3]).get()
            raise AssertionError("a deleted message was found")
        except ODataError as error:
            expect(error.response_status_code == 404 and error.error.code == "ErrorItemNotFound", "404 ErrorItemNotFound")
        page = await inbox.messages.delta.with_url(state["delta_link"]).get(request_configuration=immutable())
        removed = [m.id for m in page.value if (m.additional_data or {}).get("@removed")]
        changed = [m.id for m in page.value if not (m.additional_data or {}).get("@removed")]
        expect(sorted(removed) == sorted([state["ids"][1], state["ids"][3]]), f"removed {removed}")
        expect(changed == [state["ids"][0]], f"changed {changed}")
        expect(page.odata_delta_link, "deltaLink")

    async def expired_delta():
        try:
            other = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(StaticToken(args.expired_token)))
            other.base_url = args.base_url
            other_inbox = GraphServiceClient(request_adapter=other).me.mail_folders.by_mail_folder_id("inbox")
            await other_inbox.messages.delta.with_url(args.expired_delta_link).get()
            raise AssertionError("an expired delta token was accepted")
        except ODataError as error:
            expect(error.response_status_code == 410, f"status {error.response_status_code}")
            expect(error.error.code == "SyncStateNotFound", f"code {error.error.code}")

    async def subscriptions():
        expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=2)
        created = await client.subscriptions.post(Subscription(
            change_type="created,updated", notification_url=args.notify_url + "/notify",
            lifecycle_notification_url=args.notify_url + "/lifecycle", resource="me/mailFolders('inbox')/messages",
            expiration_date_time=expiry, client_state="official-client-state"), request_configuration=immutable())
        expect(isinstance(created, Subscription) and created.id, "subscription created")
        expect(created.client_state == "official-client-state", "clientState echoed")
        expect(abs((created.expiration_date_time - expiry).total_seconds()) < 1, "expiration echoed")
        renewed_to = expiry + datetime.timedelta(days=1)
        renewed = await client.subscriptions.by_subscription_id(created.id).patch(Subscription(expiration_date_time=renewed_to))
        expect(abs((renewed.expiration_date_time - renewed_to).total_seconds()) < 1, "renewed")
        try:
            await client.subscriptions.by_subscription_id(created.id).patch(
                Subscription(expiration_date_time=expiry + datetime.timedelta(days=30)))
            raise AssertionError("an expiration beyond the maximum was accepted")
        except ODataError as error:
            expect(error.response_status_code == 400 and error.error.code == "ExtensionError", f"{error.error.code}")
        await client.subscriptions.by_subscription_id(created.id).delete()
        try:
            await client.subscriptions.by_subscription_id(created.id).get()
            raise AssertionError("a deleted subscription was found")
        except ODataError as error:
            expect(error.response_status_code == 404, f"status {error.response_status_code}")

    checks_to_run = [("me", me), ("inbox delta paged to the deltaLink", delta), ("message get and patch", message_get_patch),
                        ("$value", mime), ("childFolders list, create, 409", child_folders), ("move keeps the immutable id", move),
                        ("createReply and draft patch", create_reply), ("drafts list, child folder delta", drafts_and_folder_delta),
                        ("delete, 404, then delta @removed", delete_and_delta),
                        ("subscriptions create, renew, delete", subscriptions)]
    if args.expired_delta_link:
        checks_to_run.append(("expired deltaLink: 410 SyncStateNotFound", expired_delta))
    for name, check in checks_to_run:
        await checks.run(name, check())
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
