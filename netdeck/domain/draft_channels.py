"""Where a draft goes: the draft channels, their length limits, and the link that opens each.

Pure rules, no database and no UI. A snippet's channel (``any`` resolved to
the contact's preferred address), the most characters each channel takes
(:func:`limit_for`) and how it counts them (:func:`measured_length`: UTF-16
code units as a browser's text box does, or X's weighted length for a post,
:func:`x_weighted_length`), what to log when a draft is sent, and the link
that opens the channel with the draft (``mailto:``, a profile, X's compose
page).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from urllib.parse import quote

from netdeck.domain.channels import INTERACTION_CHANNEL_FOR, ChannelKind, channel_url
from netdeck.domain.choices import parse_choice
from netdeck.domain.interactions import InteractionKind
from netdeck.domain.snippets import SnippetChannel, SnippetKind
from netdeck.domain.stages import Stage, parse_stage


class DraftChannel(StrEnum):
    """Where a draft goes: a snippet's channel, with ``any`` resolved for the contact."""

    LINKEDIN_NOTE = "linkedin-note"
    LINKEDIN_MESSAGE = "linkedin-message"
    EMAIL = "email"
    X_DM = "x-dm"
    X_POST = "x-post"
    #: A message to paste into the contact form on their website (no length limit).
    WEBSITE = "website"


#: The kind of address each channel is sent to.
ADDRESS_KIND = {
    DraftChannel.LINKEDIN_NOTE: ChannelKind.LINKEDIN,
    DraftChannel.LINKEDIN_MESSAGE: ChannelKind.LINKEDIN,
    DraftChannel.EMAIL: ChannelKind.EMAIL,
    DraftChannel.X_DM: ChannelKind.X,
    DraftChannel.X_POST: ChannelKind.X,
    DraftChannel.WEBSITE: ChannelKind.WEBSITE,
}

#: Where a draft that would be a LinkedIn note goes when the month's notes are
#: spent, in this order, when the person has the address (see
#: :data:`netdeck.domain.note_budget.OTHER_WAYS`).
NOTE_FALLBACKS = (DraftChannel.EMAIL, DraftChannel.X_DM, DraftChannel.WEBSITE)

#: LinkedIn's limit for an ordinary message. Uncertain: about 3,000 characters
#: by third-party reports (InMail bodies about 1,900-2,000); no official figure.
LINKEDIN_MESSAGE_LIMIT = 3_000
X_POST_LIMIT = 280  # weighted characters, see x_weighted_length()
X_DM_LIMIT = 10_000
#: RFC 5322: a header line SHOULD stay within 78 characters and MUST within 998.
EMAIL_SUBJECT_SHOULD = 78
EMAIL_SUBJECT_MUST = 998

#: How a check names each channel's limit when a draft is over it.
LIMIT_NAMES = {
    DraftChannel.LINKEDIN_NOTE: "LinkedIn's invitation limit",
    DraftChannel.LINKEDIN_MESSAGE: "LinkedIn's message limit (about 3,000; uncertain)",
    DraftChannel.X_POST: "X's post limit",
    DraftChannel.X_DM: "X's direct message limit",
}


def parse_draft_channel(text: str) -> DraftChannel:
    """The draft channel named ``text``, or an error listing the choices."""
    return parse_choice(DraftChannel, text, "channel")


def preferred_draft_channel(kind: str, preferred: str | None) -> DraftChannel:
    """The channel for a snippet of ``kind`` sent to someone whose preferred address
    is of kind ``preferred`` (linkedin, email, x; anything else means LinkedIn)."""
    match preferred:
        case ChannelKind.EMAIL:
            return DraftChannel.EMAIL
        case ChannelKind.X:
            return DraftChannel.X_DM
        case _:
            if kind == SnippetKind.CONNECTION_REQUEST:
                return DraftChannel.LINKEDIN_NOTE
            return DraftChannel.LINKEDIN_MESSAGE


def resolve_channel(snippet_channel: str, *, kind: str, preferred: str | None) -> DraftChannel:
    """A snippet's channel, with ``any`` resolved to the contact's preferred one."""
    if snippet_channel == SnippetChannel.ANY:
        return preferred_draft_channel(kind, preferred)
    return parse_draft_channel(snippet_channel)


def note_fallback(address_kinds: set[str] | frozenset[str]) -> DraftChannel | None:
    """The channel a LinkedIn note goes to when no note is left this month: the first
    of :data:`NOTE_FALLBACKS` the person has an address for; None: only LinkedIn."""
    return next(
        (channel for channel in NOTE_FALLBACKS if ADDRESS_KIND[channel].value in address_kinds),
        None,
    )


def limit_for(channel: DraftChannel | str, note_limit: int) -> int | None:
    """The most characters a draft body may have on ``channel``; None for email and a
    website's contact form (forms differ; none is known to be short).

    ``note_limit`` is the LinkedIn invitation note setting (200, or 300 with
    Premium). LinkedIn's message limit is uncertain (see
    :data:`LINKEDIN_MESSAGE_LIMIT`); X posts are measured by weighted length.
    """
    match DraftChannel(channel):
        case DraftChannel.LINKEDIN_NOTE:
            return note_limit
        case DraftChannel.LINKEDIN_MESSAGE:
            return LINKEDIN_MESSAGE_LIMIT
        case DraftChannel.X_POST:
            return X_POST_LIMIT
        case DraftChannel.X_DM:
            return X_DM_LIMIT
        case _:
            return None


def signed(text: str, signature: str, channel: DraftChannel | str) -> str:
    """An email draft's text ending with the ``signature`` setting, after a blank line.

    Only email is signed (a LinkedIn or X message reads like a chat; a snippet
    can still say ``{{ signature }}`` there), and only a draft with text (an
    empty one stays empty, so copying it is still refused). The caller leaves
    the text as it is when the snippet places the signature itself.
    """
    signature = signature.strip("\n").rstrip()
    if DraftChannel(channel) is not DraftChannel.EMAIL or not signature or not text.strip():
        return text
    return f"{text}\n\n{signature}"


def measured_length(text: str, channel: DraftChannel | str) -> int:
    """The length a channel counts: X's weighted length for posts; for the rest what
    a browser's text box counts (UTF-16 code units, so an emoji counts 2)."""
    if DraftChannel(channel) is DraftChannel.X_POST:
        return x_weighted_length(text)
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------- X's weighted length

#: Code points X counts once; every other counts twice (twitter-text's v3 config).
_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
#: What any link counts on X (t.co), however long it is.
X_URL_LENGTH = 23
# Links without a scheme count when they end in a country code or a well-known
# ending (twitter-text checks its full list of domain endings: uncertain for rare ones).
_X_BARE_TLDS = "[a-z]{2}|com|org|net|edu|gov|info|biz|dev|app|blog|xyz|online|site|tech|page"
_X_URL = re.compile(
    r"(?<![A-Za-z0-9@$#＠＃\u202a-\u202e])"
    r"(?:https?://[^\s<>\"/?#.]+(?:\.[^\s<>\"/?#.]+)+(?:[/?#][^\s<>\"]*)?"
    r"|(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    rf"(?:{_X_BARE_TLDS})(?![\w-])(?:/[^\s<>\"]*)?)",
    re.IGNORECASE,
)
_ZWJ = "\u200d"
_VARIATION_SELECTORS = "\ufe0e\ufe0f"


def _is_pictographic(code: int) -> bool:
    return (
        0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or 0x2300 <= code <= 0x23FF
        or 0x2B00 <= code <= 0x2BFF
        or 0x2190 <= code <= 0x21FF
        or 0x25A0 <= code <= 0x25FF
        or 0x2900 <= code <= 0x297F
        or code in (0xA9, 0xAE, 0x203C, 0x2049, 0x2122, 0x2139, 0x24C2, 0x3030, 0x303D)
        or code in (0x3297, 0x3299)
    )


def _emoji_tail(text: str, at: int) -> int:
    """Past the variation selector, skin tone and tags that belong to an emoji."""
    end = len(text)
    if at < end and text[at] in _VARIATION_SELECTORS:
        at += 1
    if at < end and 0x1F3FB <= ord(text[at]) <= 0x1F3FF:
        at += 1
    while at < end and 0xE0020 <= ord(text[at]) <= 0xE007F:
        at += 1
    return at


def _emoji_end(text: str, at: int) -> int | None:
    """The index just past the emoji that starts at ``at``, or None if none does."""
    end = len(text)
    code = ord(text[at])
    if 0x1F1E6 <= code <= 0x1F1FF:  # regional indicators: a flag is a pair
        paired = at + 1 < end and 0x1F1E6 <= ord(text[at + 1]) <= 0x1F1FF
        return at + 2 if paired else at + 1
    if text[at] in "0123456789#*":  # keycaps: 1️⃣
        after = at + 1
        if after < end and text[after] == "\ufe0f":
            after += 1
        return after + 1 if after < end and text[after] == "\u20e3" else None
    if not _is_pictographic(code):
        return None
    after = _emoji_tail(text, at + 1)
    while after + 1 < end and text[after] == _ZWJ and _is_pictographic(ord(text[after + 1])):
        after = _emoji_tail(text, after + 2)
    return after


def _x_plain_weight(text: str) -> int:
    total = 0
    at = 0
    while at < len(text):
        emoji_end = _emoji_end(text, at)
        if emoji_end is not None:
            total += 2
            at = emoji_end
            continue
        code = ord(text[at])
        total += 1 if any(low <= code <= high for low, high in _X_LIGHT_RANGES) else 2
        at += 1
    return total


def _x_url_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _X_URL.finditer(text):
        url = match.group(0)
        while url and url[-1] in ".,;:!?'\")]":
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        spans.append((match.start(), match.start() + len(url)))
    return spans


def x_weighted_length(text: str) -> int:
    """The length X counts for a post (twitter-text's v3 rules).

    The text is NFC-normalised; code points in Latin and other light ranges
    count 1, everything else (CJK, most symbols) 2; an emoji, however many
    code points it is made of (skin tones, ZWJ families, flags, keycaps),
    counts 2; a link counts 23 whatever its length. Links without ``http(s)://``
    are recognised by their ending (a country code, ``.com``, ``.dev``...), where
    X checks a full list of domain endings: uncertain for rare ones.
    """
    normalised = unicodedata.normalize("NFC", text)
    total = 0
    at = 0
    for start, stop in _x_url_spans(normalised):
        total += _x_plain_weight(normalised[at:start]) + X_URL_LENGTH
        at = stop
    return total + _x_plain_weight(normalised[at:])


# ---------------------------------------------------------------- sending


def sent_interaction(channel: DraftChannel | str, stage: str) -> tuple[str, str]:
    """The (interaction channel, kind) to log when a draft is sent.

    A LinkedIn invitation note, or any first message to a prospect, is a
    connection request (which makes the prospect ``requested``); everything
    else is a message.
    """
    draft_channel = DraftChannel(channel)
    where = INTERACTION_CHANNEL_FOR[ADDRESS_KIND[draft_channel]]
    is_request = draft_channel is DraftChannel.LINKEDIN_NOTE or parse_stage(stage) is Stage.PROSPECT
    kind = InteractionKind.CONNECTION_REQUEST if is_request else InteractionKind.MESSAGE
    return where.value, kind.value


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def mailto_url(address: str, subject: str = "", body: str = "") -> str:
    """A ``mailto:`` link per RFC 6068: percent-encoded, spaces as ``%20``, line
    breaks as ``%0D%0A``; an empty subject or body is left out."""
    fields = []
    if subject:
        fields.append("subject=" + quote(subject, safe=""))
    if body:
        fields.append("body=" + quote(_crlf(body), safe=""))
    url = "mailto:" + quote(address, safe="@+")
    return url + ("?" + "&".join(fields) if fields else "")


def open_url_for(
    channel: DraftChannel | str, address: str | None, *, subject: str, text: str
) -> str | None:
    """The link that opens the channel, ready to paste or send: the LinkedIn
    profile, a ``mailto:`` holding subject and body, the X profile, their website
    (to find its contact form), or X's compose page for a post (``x.com/intent/tweet``; X has renamed its intents
    before, so uncertain). None without the address it needs."""
    draft_channel = DraftChannel(channel)
    if draft_channel is DraftChannel.X_POST:
        return "https://x.com/intent/tweet?text=" + quote(text, safe="")
    if not address:
        return None
    if draft_channel is DraftChannel.EMAIL:
        return mailto_url(address, subject, text)
    return channel_url(ADDRESS_KIND[draft_channel], address)
