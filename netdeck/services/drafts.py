"""Drafts: a snippet rendered for one contact, checked for its channel, logged once sent.

:func:`compose_draft` gathers what the templates and checks need (the
contact, the last topic, the snippet last sent to them) and returns a plain
:class:`Draft`; :func:`recheck` re-runs the checks on the user's edits without
the database, so the composer can call it on every keystroke; :func:`mark_sent`
logs the text that went out through the queue's own action.

Internal to the application API: its functions take a session and ORM rows, and
the faces reach them only through :class:`netdeck.services.api.DeckApi`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from netdeck.domain.channels import InteractionChannel, openable_url
from netdeck.domain.draft_channels import (
    ADDRESS_KIND,
    DraftChannel,
    limit_for,
    note_fallback,
    open_url_for,
    parse_draft_channel,
    resolve_channel,
    sent_interaction,
    signed,
)
from netdeck.domain.draft_checks import (
    DraftCheck,
    ask_about_used,
    check_draft,
    choose_snippet,
    is_personal,
    snippet_kind,
)
from netdeck.domain.errors import InvalidInput, TemplateProblem
from netdeck.domain.interactions import Direction, InteractionKind
from netdeck.domain.key_dates import KeyDateKind
from netdeck.domain.note_budget import NoteBudget
from netdeck.domain.roles import role_text
from netdeck.domain.settings import Settings
from netdeck.domain.stages import Stage, parse_stage
from netdeck.domain.templating import (
    Rendered,
    TemplateContext,
    last_topic,
    personal_values,
    placeholders_in,
    render_template,
    uses_variable,
)
from netdeck.services import actions
from netdeck.services.actions import ActionOutcome
from netdeck.services.contacts import get_contact
from netdeck.services.note_budget import current_budget
from netdeck.services.snippets import find_snippet, list_snippets, snippet_view
from netdeck.services.views import SnippetView
from netdeck.store.models import Contact, Interaction, RoleChange, Snippet


@dataclass(frozen=True, slots=True)
class Draft:
    """A message ready to edit, copy and send, with its checks."""

    contact_id: int
    contact_name: str
    snippet: SnippetView | None  # None: no snippet of the kind the stage calls for
    channel: str  # a DraftChannel value
    subject: str  # email only; "" elsewhere
    text: str
    checks: tuple[DraftCheck, ...]
    limit: int | None  # the channel's limit for the body; None for email
    context: TemplateContext
    address: str | None  # where it goes: LinkedIn profile URL, email address or @handle
    open_url: str | None  # the profile, a mailto: with subject and body, or X's compose page
    empty: tuple[str, ...] = ()  # variables the snippet used that this contact has no value for
    repeats_last_snippet: bool = False  # the snippet is the one last sent to them
    #: The text as the snippet made it: edits that change words make the draft personal.
    rendered: str = ""
    #: The other draft channels the person has an address for (named when this one has none).
    other_channels: tuple[str, ...] = ()
    #: This month's LinkedIn notes (None only for drafts made without the database).
    note_budget: NoteBudget | None = None
    #: The channel the draft would have taken had a LinkedIn note been left
    #: ("linkedin-note"), when it went to e-mail, X or the website instead; else None.
    fallback_from: str | None = None


def template_context(
    session: Session, contact: Contact, *, today: date, settings: Settings
) -> TemplateContext:
    """What a template can say about ``contact``."""
    # A topic is what the user wrote down ("next time, ask about", else the note of an
    # interaction they logged): imported messages' bodies never are one.
    logged_note = session.scalar(
        select(Interaction.note)
        .where(
            Interaction.contact_id == contact.id,
            Interaction.note != "",
            Interaction.source == "manual",
        )
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        .limit(1)
    )
    last = contact.last_interaction_on
    change = session.execute(
        select(RoleChange.to_title, RoleChange.to_company, RoleChange.changed_on)
        .where(RoleChange.contact_id == contact.id)
        .order_by(RoleChange.changed_on.desc(), RoleChange.id.desc())
        .limit(1)
    ).first()
    news = change is not None and (last is None or change.changed_on > last)
    return TemplateContext(
        first_name=contact.first_name,
        last_name=contact.last_name,
        full_name=contact.full_name,
        nickname=contact.nickname,
        company=contact.company,
        title=contact.title,
        how_we_met=contact.how_we_met,
        last_topic=last_topic(contact.ask_about, logged_note or ""),
        days_since=(today - last).days if last is not None else None,
        my_name=settings.my_name,
        role_change=role_text(change.to_title, change.to_company) if news and change else "",
        signature=settings.signature,
    )


def last_sent_snippet_id(session: Session, contact_id: int) -> int | None:
    """The snippet the last message or request you sent them was made from, if any."""
    return session.scalar(
        select(Interaction.snippet_id)
        .where(
            Interaction.contact_id == contact_id,
            Interaction.direction == Direction.OUTBOUND.value,
            Interaction.kind.in_(
                (InteractionKind.MESSAGE.value, InteractionKind.CONNECTION_REQUEST.value)
            ),
        )
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        .limit(1)
    )


def _preferred_kind(contact: Contact) -> str | None:
    return next((channel.kind for channel in contact.channels if channel.preferred), None)


def _channels_with_address(contact: Contact) -> tuple[DraftChannel, ...]:
    """The draft channels the person has an address for (a post needs none, so it is
    never named as one they have)."""
    kinds = {channel.kind for channel in contact.channels}
    return tuple(
        channel
        for channel in DraftChannel
        if channel is not DraftChannel.X_POST and ADDRESS_KIND[channel].value in kinds
    )


def _address(contact: Contact, channel: DraftChannel) -> str | None:
    kind = ADDRESS_KIND[channel].value
    ordered = sorted(
        (ch for ch in contact.channels if ch.kind == kind), key=lambda ch: not ch.preferred
    )
    return ordered[0].value if ordered else None


def _open_url(channel: DraftChannel, address: str | None, *, subject: str, text: str) -> str | None:
    """The draft's link (see :func:`open_url_for`), never made from an address that
    fails today's rules (one stored before them): the draft still shows it, escaped."""
    if address is not None:
        try:
            openable_url(ADDRESS_KIND[channel], address)
        except InvalidInput:
            address = None
    return open_url_for(channel, address, subject=subject, text=text)


def _render(snippet: SnippetView, template: str, context: TemplateContext) -> Rendered:
    try:
        return render_template(template, context)
    except TemplateProblem as problem:
        raise TemplateProblem(
            f"{problem.detail} (in snippet {snippet.name!r}: edit it to fix this)", problem.line
        ) from None


def _checks(
    *,
    text: str,
    subject: str,
    channel: DraftChannel,
    note_limit: int,
    context: TemplateContext,
    empty: tuple[str, ...],
    repeats: bool,
    rendered: str,
    address: str | None,
    other_channels: tuple[str, ...],
    note_budget: NoteBudget | None,
    fallback_from: str | None,
) -> tuple[DraftCheck, ...]:
    return check_draft(
        text,
        subject=subject,
        channel=channel,
        note_limit=note_limit,
        # What is still in the text, so a placeholder the user has filled in is gone.
        unresolved=placeholders_in(f"{subject}\n{text}"),
        empty=empty,
        personal_values=personal_values(context),
        repeats_last_snippet=repeats,
        rendered=rendered,
        has_address=address is not None or channel is DraftChannel.X_POST,
        other_channels=tuple(other for other in other_channels if other != channel.value),
        note_budget=note_budget,
        fallback_from=fallback_from,
    )


def _best_snippet(
    session: Session,
    contact: Contact,
    *,
    preferred: str | None,
    avoid_id: int | None,
    context: TemplateContext,
    today: date,
) -> SnippetView | None:
    """The snippet the stage, their history and the ``preferred`` channel call for."""
    return choose_snippet(
        list_snippets(session),
        stage=contact.stage,
        preferred_channel=preferred,
        avoid_id=avoid_id,
        changed_jobs=bool(context.role_change),  # news since you last talked
        # Every message, call or meeting logged or imported sets the last interaction.
        ever_talked=contact.last_interaction_on is not None,
        birthday=contact.key_date_kind == KeyDateKind.BIRTHDAY.value
        and contact.key_date_on is not None
        and contact.key_date_on <= today,
    )


def compose_draft(
    session: Session,
    contact_id: int,
    *,
    today: date,
    settings: Settings,
    snippet_name: str | None = None,
    channel: str | None = None,
) -> Draft:
    """The draft for a contact: from the named snippet, or the one the stage, their
    history and the preferred channel call for; on the named channel, or the snippet's.

    A draft that would be a LinkedIn note (the channel not named) when this month's
    notes are spent goes to the first other channel the person has (e-mail, X, their
    website: :func:`~netdeck.domain.draft_channels.note_fallback`), from the snippet
    that channel calls for (unless a snippet was named); ``fallback_from`` says so.
    With no other channel, or the note named, it stays a note and its check says
    no note is left this month."""
    contact = get_contact(session, contact_id)
    draft_channel = parse_draft_channel(channel) if channel is not None else None
    preferred = _preferred_kind(contact)
    last_sent = last_sent_snippet_id(session, contact.id)
    context = template_context(session, contact, today=today, settings=settings)
    budget = current_budget(session, today=today, settings=settings)
    if snippet_name is not None:
        snippet: SnippetView | None = snippet_view(find_snippet(session, snippet_name))
    else:
        snippet = _best_snippet(
            session, contact, preferred=preferred, avoid_id=last_sent, context=context, today=today
        )
    talked = contact.last_interaction_on is not None
    fallback_from = None
    if draft_channel is None:
        kind = (
            snippet.kind if snippet is not None else snippet_kind(contact.stage, ever_talked=talked)
        )
        snippet_channel = snippet.channel if snippet is not None else "any"
        draft_channel = resolve_channel(snippet_channel, kind=kind, preferred=preferred)
        fallback = note_fallback({address.kind for address in contact.channels})
        if draft_channel is DraftChannel.LINKEDIN_NOTE and budget.spent and fallback is not None:
            fallback_from, draft_channel = draft_channel.value, fallback
            if snippet_name is None:  # its own snippet, as if that channel were preferred
                snippet = _best_snippet(
                    session,
                    contact,
                    preferred=ADDRESS_KIND[fallback].value,
                    avoid_id=last_sent,
                    context=context,
                    today=today,
                )
    return _drafted(
        contact,
        snippet,
        draft_channel,
        context=context,
        settings=settings,
        repeats=snippet is not None and snippet.id == last_sent,
        budget=budget,
        fallback_from=fallback_from,
    )


def _drafted(
    contact: Contact,
    snippet: SnippetView | None,
    draft_channel: DraftChannel,
    *,
    context: TemplateContext,
    settings: Settings,
    repeats: bool,
    budget: NoteBudget,
    fallback_from: str | None,
) -> Draft:
    """The snippet rendered for the contact on ``draft_channel``, checked."""
    body = _render(snippet, snippet.body, context) if snippet is not None else Rendered("")
    text = body.text
    if snippet is not None and not uses_variable(snippet.body, "signature"):
        text = signed(text, settings.signature, draft_channel)
    subject = Rendered("")
    if snippet is not None and snippet.subject and draft_channel is DraftChannel.EMAIL:
        subject = _render(snippet, snippet.subject, context)
    subject_text = " ".join(subject.text.split())
    empty = tuple(dict.fromkeys(body.empty + subject.empty))
    address = _address(contact, draft_channel)
    other_channels = tuple(channel.value for channel in _channels_with_address(contact))
    return Draft(
        contact_id=contact.id,
        contact_name=contact.full_name,
        snippet=snippet,
        channel=draft_channel.value,
        subject=subject_text,
        text=text,
        checks=_checks(
            text=text,
            subject=subject_text,
            channel=draft_channel,
            note_limit=settings.linkedin_note_limit,
            context=context,
            empty=empty,
            repeats=repeats,
            rendered=text,
            address=address,
            other_channels=other_channels,
            note_budget=budget,
            fallback_from=fallback_from,
        ),
        limit=limit_for(draft_channel, settings.linkedin_note_limit),
        context=context,
        address=address,
        open_url=_open_url(draft_channel, address, subject=subject_text, text=text),
        empty=empty,
        repeats_last_snippet=repeats,
        rendered=text,
        other_channels=other_channels,
        note_budget=budget,
        fallback_from=fallback_from,
    )


def sent_text_is_personal(
    session: Session,
    contact_id: int,
    text: str,
    snippet_id: int | None,
    *,
    sent_by_email: bool,
    today: date,
    settings: Settings,
) -> bool:
    """Whether a logged message or request said something personal, by the composer's
    rule (:func:`~netdeck.domain.draft_checks.is_personal`): the text against what
    its snippet renders for the contact today, and their facts. Without a snippet
    (typed, imported, or its snippet since removed or broken) every word is the user's."""
    if not text.strip():
        return False
    snippet = session.get(Snippet, snippet_id) if snippet_id is not None else None
    contact = session.get(Contact, contact_id)
    if snippet is None or contact is None:
        return is_personal(text, rendered=None, facts=())
    context = template_context(session, contact, today=today, settings=settings)
    try:
        rendered = render_template(snippet.body, context).text
    except TemplateProblem:
        return is_personal(text, rendered=None, facts=())
    if sent_by_email and not uses_variable(snippet.body, "signature"):
        rendered = signed(rendered, settings.signature, DraftChannel.EMAIL)  # as compose_draft
    return is_personal(text, rendered=rendered, facts=personal_values(context))


def recheck(draft: Draft, text: str, subject: str, *, note_limit: int) -> Draft:
    """The draft with the user's edits, checked again (no database: safe on the UI thread)."""
    channel = DraftChannel(draft.channel)
    return replace(
        draft,
        text=text,
        subject=subject,
        checks=_checks(
            text=text,
            subject=subject,
            channel=channel,
            note_limit=note_limit,
            context=draft.context,
            empty=draft.empty,
            repeats=draft.repeats_last_snippet,
            rendered=draft.rendered,
            address=draft.address,
            other_channels=draft.other_channels,
            note_budget=draft.note_budget,
            fallback_from=draft.fallback_from,
        ),
        limit=limit_for(channel, note_limit),
        open_url=_open_url(channel, draft.address, subject=subject, text=text),
    )


def mark_sent(
    session: Session,
    contact_id: int,
    *,
    text: str,
    snippet_id: int | None,
    channel: str,
    today: date,
    settings: Settings,
) -> ActionOutcome:
    """Log the draft as sent: an outbound interaction holding the exact text and the
    snippet it came from. A LinkedIn invitation note, or the first message to a
    prospect, is a connection request (the prospect becomes ``requested``).

    A "next time, ask about" the text asks (:func:`ask_about_used`) has been asked:
    it is cleared, as a CRM clears a "next time" prompt once used, so the next
    draft does not ask it again (undo puts it back). One the text left out stays."""
    if not text.strip():
        raise InvalidInput("the draft is empty: nothing to log as sent")
    contact = get_contact(session, contact_id)
    where, kind = sent_interaction(parse_draft_channel(channel), contact.stage)
    if snippet_id is not None and session.get(Snippet, snippet_id) is None:
        snippet_id = None  # removed since the draft was made: keep the text, drop the link
    asked = contact.ask_about if ask_about_used(text, contact.ask_about) else None
    personal = sent_text_is_personal(
        session,
        contact_id,
        text,
        snippet_id,
        sent_by_email=where == InteractionChannel.EMAIL.value,
        today=today,
        settings=settings,
    )
    outcome = actions.mark_done(
        session,
        contact_id,
        today=today,
        settings=settings,
        channel=where,
        kind=kind,
        note="",
        text_sent=text,
        snippet_id=snippet_id,
        # Judged now, as the composer judged it: stats count it as a request without
        # a note (a later edit of the snippet or the contact changes nothing).
        impersonal=not personal,
    )
    if asked is None:
        return outcome
    contact.ask_about = ""
    return replace(outcome, undo=replace(outcome.undo, ask_about=asked))


def request_without_note(
    session: Session, contact_id: int, *, today: date, settings: Settings
) -> ActionOutcome:
    """Log "connect without a note, then message on acceptance": an outbound LinkedIn
    connection request with no text and no note (it spends no note; the prospect
    becomes ``requested``, and is due the day they accept, with the reason saying the
    request had no note). Only for a prospect: anyone else is past the request."""
    contact = get_contact(session, contact_id)
    if parse_stage(contact.stage) is not Stage.PROSPECT:
        raise InvalidInput(
            f"{contact.full_name} is {contact.stage}, not a prospect: "
            "a connection request is for someone you have not asked yet"
        )
    outcome = actions.mark_done(
        session,
        contact_id,
        today=today,
        settings=settings,
        channel=InteractionChannel.LINKEDIN.value,
        kind=InteractionKind.CONNECTION_REQUEST.value,
        note="",  # no text and no note: it went out bare
    )
    return replace(outcome, undo=replace(outcome.undo, description="sent a request without a note"))
