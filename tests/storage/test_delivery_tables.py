from __future__ import annotations

from sqlite_utils import Database

from storage import accounts, cards, delivered, inbox, outbox, prompts, watermarks
from storage.delivered import DeliveredRef
from storage.prompts import ActionPrompt, ReplyPrompt
from storage.watermarks import CollectionCounters, NegotiationMark


def test_claim_deduplicates_per_account_negotiation_and_message(db: Database, account: accounts.Account) -> None:
    assert delivered.claim(db, account.id, "n1", "m1", chat_id=111, now=1.0)
    assert not delivered.claim(db, account.id, "n1", "m1", chat_id=111, now=2.0)
    assert delivered.claim(db, account.id, "n2", "m1", chat_id=111, now=2.0)


def test_outbox_gives_the_oldest_item_of_each_chat_in_order(db: Database, account: accounts.Account) -> None:
    first = outbox.enqueue(db, 111, "one", now=1.0)
    outbox.enqueue(db, 111, "two", now=1.0)
    other = outbox.enqueue(db, 222, "other", now=1.0, reply_markup={"inline_keyboard": []})
    heads = outbox.heads(db, now=1.0, limit=10)
    assert [(item.id, item.chat_id, item.text, item.reply_markup) for item in heads] == [
        (first, 111, "one", None), (other, 222, "other", {"inline_keyboard": []})]
    assert [item.id for item in outbox.heads(db, now=1.0, limit=10, skip_chats=frozenset({111}))] == [other]
    assert outbox.pending_count(db) == 3


def test_a_postponed_head_blocks_its_chat_only(db: Database) -> None:
    first = outbox.enqueue(db, 111, "one", now=1.0)
    outbox.enqueue(db, 111, "two", now=1.0)
    other = outbox.enqueue(db, 222, "other", now=1.0)
    outbox.postpone(db, first, not_before=10.0)
    assert [item.id for item in outbox.heads(db, now=5.0, limit=10)] == [other]
    assert [(item.id, item.attempts) for item in outbox.heads(db, now=10.0, limit=10)] == [(first, 1), (other, 0)]


def test_sending_removes_the_item_and_maps_the_telegram_message(db: Database, account: accounts.Account) -> None:
    delivered.claim(db, account.id, "n1", "m1", chat_id=111, now=1.0)
    item_id = outbox.enqueue(db, 111, "hello", now=1.0, account_id=account.id, negotiation_id="n1", hh_message_id="m1")
    (item,) = outbox.heads(db, now=1.0, limit=10)
    assert item.id == item_id
    outbox.mark_sent(db, item, telegram_message_id=77, now=2.0)
    assert outbox.pending_count(db) == 0
    assert delivered.by_telegram_message(db, 111, 77) == DeliveredRef(account.id, "n1", "m1")
    assert delivered.count_sent(db, account.id) == 1


def test_watermarks_round_trip(db: Database, account: accounts.Account) -> None:
    watermarks.save_vacancy_snapshot(db, account.id, "v1", "a")
    watermarks.save_vacancy_snapshot(db, account.id, "v2", "b")
    watermarks.save_vacancy_snapshot(db, account.id, "v1", "c")
    watermarks.forget_vacancies_except(db, account.id, ["v1"])
    assert watermarks.vacancy_snapshots(db, account.id) == {"v1": "c"}
    watermarks.save_collection_counters(db, account.id, "v1", "response", CollectionCounters(5, 2))
    assert watermarks.collection_counters(db, account.id, "v1") == {"response": CollectionCounters(5, 2)}
    watermarks.save_vacancy_snapshot(db, account.id, "v2", "b")
    watermarks.forget_vacancy(db, account.id, "v1")
    assert watermarks.vacancy_snapshots(db, account.id) == {"v2": "b"}
    assert watermarks.collection_counters(db, account.id, "v1") == {}
    mark = NegotiationMark("2026-11-23T10:00:00+0300", 3, "response")
    watermarks.save_negotiation_mark(db, account.id, "n1", mark, now=1.0)
    assert watermarks.negotiation_marks(db, account.id, ["n1", "n2"]) == {"n1": mark}
    assert watermarks.negotiation_marks(db, account.id, []) == {}


def test_prompts_cards_and_inbox(db: Database, account: accounts.Account) -> None:
    reply = ReplyPrompt(account_id=account.id, negotiation_id="n1", name="Иван", chat_id=111, prompt_message_id=7)
    action = ActionPrompt(card_id=5, action_index=0, action_name="Пригласить", name="Иван", optional=False, sms=None,
                          templates=(("Шаблон", "Текст"),), chat_id=111, card_message_id=6, prompt_message_id=8)
    prompts.put(db, 111, 111, reply, now=1.0)
    assert prompts.get(db, 111, 111, 111, created_since=0.0) == reply
    prompts.put(db, 111, 111, action, now=2.0)
    assert prompts.get(db, 111, 111, 111, created_since=0.0) == action
    assert prompts.get(db, 111, 111, 111, created_since=2.5) is None
    db.execute("UPDATE prompts SET payload = '{\"kind\": \"action\", \"card\": 5}'")
    assert prompts.get(db, 111, 111, 111, created_since=0.0) is None
    prompts.clear(db, 111)
    assert prompts.get(db, 111, 111, 111, created_since=0.0) is None

    card = cards.add(db, cards.Card(account_id=account.id, negotiation_id="n1", text="Иван"), now=1.0)
    assert cards.get(db, card.id) == card
    cards.delete(db, card.id)
    assert cards.get(db, card.id) is None

    inbox.add(db, [{"update_id": 2, "message": {}}, {"update_id": 1}], now=1.0)
    inbox.add(db, [{"update_id": 1}], now=2.0)
    assert inbox.pending(db) == [{"update_id": 1}, {"update_id": 2, "message": {}}]
    inbox.remove(db, 1)
    assert [update["update_id"] for update in inbox.pending(db)] == [2]


def test_deleting_an_account_deletes_what_hangs_on_it(db: Database, account: accounts.Account) -> None:
    delivered.claim(db, account.id, "n1", "m1", chat_id=111, now=1.0)
    outbox.enqueue(db, 111, "x", now=1.0, account_id=account.id)
    cards.add(db, cards.Card(account_id=account.id, negotiation_id="n1", text=""), now=1.0)
    accounts.delete(db, account.id)
    counts = {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
              for table in ("delivered", "outbox", "cards", "accounts")}
    assert counts == {"delivered": 0, "outbox": 0, "cards": 0, "accounts": 0}
