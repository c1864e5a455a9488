"""Messages of a negotiation: posting by either side, reading, hiding by the applicant."""

from __future__ import annotations

from .errors import negotiations_error, not_found
from .records import MessageRecord, NegotiationRecord, Side, other_side
from .rules import check_message_text, decline_allowed, ensure_usable, messaging_status
from .state import World


def post_message(world: World, negotiation: NegotiationRecord, side: Side, text: str) -> MessageRecord:
    """`POST /negotiations/{nid}/messages` with hh.ru's checks, in hh.ru's order."""
    check_message_text(text, world.settings.message_max_length)
    ensure_usable(world, negotiation)
    status = messaging_status(world, negotiation)
    if status != "ok":
        raise negotiations_error(status)
    if negotiation.overall_limit is not None and (len(negotiation.messages) >= negotiation.overall_limit):
        raise negotiations_error("overall_limit")
    if _trailing_run(negotiation, side) >= world.settings.in_a_row_limit:
        raise negotiations_error("in_a_row_limit")
    return add_message(world, negotiation, side, text)


def add_message(world: World, negotiation: NegotiationRecord, side: Side, text: str | None) -> MessageRecord:
    """A plain text message, without checks (also how the site's messages are added)."""
    message = world.append_message(negotiation, side, text, "text")
    negotiation.set_has_updates(other_side(side), True)
    return message


def read_messages(world: World, negotiation: NegotiationRecord, side: Side) -> None:
    """`side` looked at the messages: they are viewed by it and its `has_updates` is cleared."""
    for message in negotiation.messages:
        if message.author != side:
            message.mark_viewed_by(side)
    negotiation.set_has_updates(side, False)
    if side == "employer":
        negotiation.viewed_by_employer = True


def mark_viewed_by_employer(negotiation: NegotiationRecord) -> None:
    """The employer opened the response's resume (or marked it read): no longer new."""
    negotiation.viewed_by_employer = True
    negotiation.has_updates_employer = False


def hide_by_applicant(world: World, negotiation: NegotiationRecord, with_decline: bool) -> None:
    if negotiation.hidden:
        raise not_found("The negotiation is not active")
    if with_decline:
        if not decline_allowed(world, negotiation):
            raise negotiations_error("wrong_state")
        workflow = world.vacancy_of(negotiation).workflow
        negotiation.applicant_state = "discard"
        if workflow.applicant_decline_state is not None:
            negotiation.employer_state = workflow.applicant_decline_state
            negotiation.collection = workflow.collection_of(workflow.applicant_decline_state)
        world.append_message(negotiation, "applicant", None, "discard")
        negotiation.has_updates_employer = True
    else:
        world.touch(negotiation)
    negotiation.hidden = True


def _trailing_run(negotiation: NegotiationRecord, side: Side) -> int:
    run = 0
    for message in reversed(negotiation.messages):
        if message.author != side:
            break
        run += 1
    return run
