"""``draft``: a message for one contact from a snippet, checked for its channel;
``--copy`` puts it on the clipboard, ``--sent`` logs it as sent; ``--without-note``
logs a LinkedIn connection request that went out without a note instead (when the
month's notes are spent: connect now, write when they accept).

In a shared deck, a person another user is writing to today (they claimed them in
the composer) is asked about first: on a terminal ``... Draft anyway? [y/N]``;
without one, a one-line error naming ``--anyway``, which goes ahead. A CLI draft
takes no claim itself: it is one command, with no "leaving" to release it.
``--json`` carries ``claimed_by`` and ``claimed_at`` (null when nobody else)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netdeck.cli.commands import api_for
from netdeck.cli.errors import CommandError
from netdeck.cli.render import change_text, render, tell_others_did
from netdeck.cli.terminal import ask_yes_no, osc52_writer
from netdeck.domain.text import one_line, visible

if TYPE_CHECKING:
    import argparse

    from netdeck.clipboard import CopyResult
    from netdeck.services.actions import ActionOutcome
    from netdeck.services.claims import ClaimView
    from netdeck.services.drafts import Draft


@dataclass(frozen=True, slots=True)
class DraftDone:
    """A draft and what became of it: copied (``None`` without ``--copy``), logged as sent."""

    draft: Draft
    copied: CopyResult | None
    sent: ActionOutcome | None
    #: Another user's claim on the person today (drafted anyway), else None.
    claim: ClaimView | None = None


def cmd_draft(args: argparse.Namespace) -> int:
    from netdeck.clipboard import clipboard_mode

    if args.without_note:
        return _request_without_note(args)
    if args.copy:
        clipboard_mode()  # a bad NETDECK_CLIPBOARD fails before anything happens
    done = _draft_copy_send(args)
    render(args, done, _draft_text, as_json=_draft_json)
    copied = done.copied
    if copied is not None and not copied.copied:
        not_sent = " and not logged as sent" if args.sent else ""
        raise CommandError(f"not copied{not_sent}: {copied.message}")
    return 0


def _draft_copy_send(args: argparse.Namespace) -> DraftDone:
    """Compose the draft; copy it with ``--copy``; with ``--sent``, log it as sent
    (only once copied, when copying too). A draft that fails a blocking check is
    neither copied nor sent."""
    from netdeck.clipboard import copy_text
    from netdeck.domain.draft_checks import blocking

    with api_for(args) as api:
        claim = api.claimed_by_other(args.contact)
        if claim is not None and not args.anyway:
            _ask_to_go_ahead(claim)
        draft = api.draft(args.contact, args.snippet, args.channel)
        empty = blocking(draft.checks)
        if empty and (args.copy or args.sent):
            raise CommandError(f"{empty[0].message}: pick a snippet with --snippet")
        copied = None
        if args.copy:
            with osc52_writer() as writer:
                copied = copy_text(draft.text, osc52_writer=writer)
        sent = None
        if args.sent and (copied is None or copied.copied):
            sent = api.mark_sent(
                draft.contact_id,
                text=draft.text,
                snippet_id=draft.snippet.id if draft.snippet else None,
                channel=draft.channel,
            )
    if sent is not None:
        tell_others_did(sent)
    return DraftDone(draft, copied, sent, claim)


def _ask_to_go_ahead(claim: ClaimView) -> None:
    """Another user is writing to them: go ahead only when the user says so."""
    answer = ask_yes_no(f"{one_line(claim.sentence)}. Draft anyway?")
    if answer is None:
        raise CommandError(f"{claim.sentence}; add --anyway to draft too")
    if not answer:
        raise CommandError(f"not drafted: {claim.sentence}")


def _request_without_note(args: argparse.Namespace) -> int:
    """``draft CONTACT --without-note``: log the bare request (nothing is drafted, so
    nothing can be copied, and no snippet or channel applies)."""
    given = [
        option
        for option, value in (
            ("--copy", args.copy),
            ("--sent", args.sent),
            ("--snippet", args.snippet),
            ("--channel", args.channel),
        )
        if value
    ]
    if given:
        raise CommandError(
            f"--without-note sends no text: leave out {', '.join(given)} "
            "(a request without a note is logged as sent)"
        )
    with api_for(args) as api:
        outcome = api.request_without_note(args.contact)
    tell_others_did(outcome)
    render(
        args,
        outcome.change,
        change_text("Logged a request without a note"),
        as_json=lambda change: {"sent": change, "without_note": True},
    )
    return 0


def _draft_json(done: DraftDone) -> dict[str, Any]:
    draft, copied, sent = done.draft, done.copied, done.sent
    return {
        "contact": {"id": draft.contact_id, "name": draft.contact_name},
        "snippet": draft.snippet.name if draft.snippet else None,
        "channel": draft.channel,
        "subject": draft.subject,
        "text": draft.text,
        "limit": draft.limit,
        "address": draft.address,
        "url": draft.open_url,
        "checks": list(draft.checks),
        "note_budget": draft.note_budget.as_json() if draft.note_budget is not None else None,
        "fallback_from": draft.fallback_from,
        "claimed_by": done.claim.user if done.claim is not None else None,
        "claimed_at": done.claim.claimed_at if done.claim is not None else None,
        **({"copy": copied} if copied is not None else {}),
        **({"sent": sent.change} if sent is not None else {}),
    }


def _draft_text(done: DraftDone) -> Iterator[str]:
    draft, copied, sent = done.draft, done.copied, done.sent
    snippet = f"snippet {visible(draft.snippet.name)}" if draft.snippet else "no snippet"
    where = f" to {one_line(draft.address)}" if draft.address else ""
    yield f"Draft for #{draft.contact_id} {visible(draft.contact_name)}: {snippet}, {draft.channel}{where}"
    if done.claim is not None:
        yield f"{one_line(done.claim.sentence)}: drafted anyway"
    if draft.channel == "email":
        yield f"Subject: {one_line(draft.subject)}"
    yield ""
    yield visible(draft.text, keep_newlines=True)
    yield ""
    for check in draft.checks:
        yield f"  {check.severity:<8} {check.code}: {one_line(check.message)}"
    if draft.open_url:
        yield f"Open: {one_line(draft.open_url)}"
    if copied is not None and copied.copied:
        yield copied.message
    if sent is not None:
        yield from change_text("Logged as sent")(sent.change)
