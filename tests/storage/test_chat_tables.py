"""Issue 12: the chat → negotiation map with its watermark, and outgoing replies with their keys."""

from __future__ import annotations

from sqlite_utils import Database

from bot.services.poller import save_newest_mark
from storage import accounts, negotiation_chats, outgoing_replies, watermarks
from storage.negotiation_chats import NegotiationChat
from storage.watermarks import NegotiationMark


def test_a_chat_is_found_by_its_id_and_its_watermark_never_moves_back(db: Database,
                                                                       account: accounts.Account) -> None:
    negotiation_chats.save(db, NegotiationChat(account.id, "n1", "c1", True, "20"))
    negotiation_chats.save(db, NegotiationChat(account.id, "n1", "c1", True, "15", write_allowed=False,
                                               write_reason="PFP_BLOCK"))
    assert negotiation_chats.by_chat(db, account.id, "c1") == NegotiationChat(
        account.id, "n1", "c1", True, "20", write_allowed=False, write_reason="PFP_BLOCK")
    assert negotiation_chats.by_chat(db, account.id + 1, "c1") is None
    negotiation_chats.flag_legacy(db, account.id, "n1")
    negotiation_chats.save(db, NegotiationChat(account.id, "n1", "c1"))
    assert negotiation_chats.of_negotiation(db, account.id, "n1") == NegotiationChat(
        account.id, "n1", "c1", True, "20", legacy=True)


def test_chats_of_forgotten_negotiations_are_purged(db: Database, account: accounts.Account) -> None:
    watermarks.save_negotiation_mark(db, account.id, "kept", NegotiationMark("t", 1, "response"), now=1.0)
    negotiation_chats.save(db, NegotiationChat(account.id, "kept", "c1"))
    negotiation_chats.save(db, NegotiationChat(account.id, "gone", "c2"))
    assert negotiation_chats.purge(db) == 1
    assert list(negotiation_chats.of_negotiations(db, account.id, ["kept", "gone"])) == ["kept"]


def test_an_outgoing_reply_keeps_its_key_until_deleted(db: Database, account: accounts.Account) -> None:
    reply = outgoing_replies.add(db, account.id, "n1", "c1", "key-1", "Привет", "Иван", 111, now=1.0,
                                 hold_until=100.0)
    assert outgoing_replies.due(db, now=50.0, limit=10) == []
    outgoing_replies.postpone(db, reply.id, until=60.0, error="ChatNotReady")
    (due,) = outgoing_replies.due(db, now=60.0, limit=10)
    assert (due.idempotency_key, due.text, due.attempts) == ("key-1", "Привет", 1)
    outgoing_replies.hold(db, reply.id, until=200.0)
    assert outgoing_replies.due(db, now=199.0, limit=10) == []
    outgoing_replies.delete(db, reply.id)
    assert outgoing_replies.count(db) == 0


def test_replies_of_an_account_not_active_wait_without_a_try(db: Database, account: accounts.Account) -> None:
    outgoing_replies.add(db, account.id, "n1", "c1", "key-1", "Привет", "Иван", 111, now=1.0, hold_until=10.0)
    accounts.set_status(db, account.id, accounts.Status.PAUSED, "captcha_required")
    assert outgoing_replies.due(db, now=50.0, limit=10) == []
    accounts.set_status(db, account.id, accounts.Status.ACTIVE)
    assert [reply.idempotency_key for reply in outgoing_replies.due(db, now=50.0, limit=10)] == ["key-1"]


def test_an_unknown_message_count_reads_back_as_unknown(db: Database, account: accounts.Account) -> None:
    save_newest_mark(db, account.id, "n1", NegotiationMark("t1", None, "response"), now=1.0)
    assert watermarks.negotiation_marks(db, account.id, ["n1"]) == {"n1": NegotiationMark("t1", None, "response")}
    save_newest_mark(db, account.id, "n1", NegotiationMark("t2", 2, "response"), now=2.0)
    save_newest_mark(db, account.id, "n1", NegotiationMark("t3", None, "response"), now=3.0)
    assert watermarks.negotiation_marks(db, account.id, ["n1"]) == {"n1": NegotiationMark("t2", 2, "response")}


def test_a_mark_that_knows_fewer_messages_does_not_replace_a_newer_one(db: Database,
                                                                        account: accounts.Account) -> None:
    save_newest_mark(db, account.id, "n1", NegotiationMark("t2", 5, "response"), now=1.0)
    save_newest_mark(db, account.id, "n1", NegotiationMark("t1", 3, "response"), now=2.0)
    assert watermarks.negotiation_marks(db, account.id, ["n1"]) == {"n1": NegotiationMark("t2", 5, "response")}
    save_newest_mark(db, account.id, "n1", NegotiationMark("t3", 6, "interview"), now=3.0)
    assert watermarks.negotiation_marks(db, account.id, ["n1"]) == {"n1": NegotiationMark("t3", 6, "interview")}
