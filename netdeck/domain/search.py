"""Finding people as people type them: one folding rule for what is searched and
for what is typed, the folded text a contact is found by, and the words of a search.

:func:`fold` is the rule. Everything a search compares goes through it on both
sides: the stored ``contacts.search_text``, the words typed in ``list --search``
or the contacts screen, and a name given as a contact reference (``show zoe``).
So ``zoe`` finds Zoë, ``garcia nunez`` and ``Garcia-Nunez`` find García-Núñez,
``strasse`` finds Straße and ``obrien`` finds O'Brien.

Migration 0010 writes this rule out again (not imported), so that migration does
the same thing whatever later versions say; change both or neither.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

#: Letters NFKD leaves whole though readers take them as a base letter with a
#: stroke or a ligature (``ß`` needs no entry: casefolding already spells it ``ss``).
UNDECOMPOSED_LETTERS = {
    "æ": "ae",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "œ": "oe",
    "þ": "th",
    "ŧ": "t",
}

#: Dropped rather than made a space, so ``obrien``, ``o'brien`` and ``o brien`` all
#: find O'Brien (a search word may be any part of a folded word).
APOSTROPHES = frozenset("'\u2018\u2019\u02bc")

#: Unicode categories kept as they are: letters, numbers, marks that are part of
#: a letter (spacing vowel signs; accents are dropped before) and pictographs
#: (emoji are ``So``). Everything else (punctuation, separators, math symbols,
#: modifier symbols, controls) becomes a space.
_KEPT_CATEGORIES = frozenset(
    {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "So"}
)

#: Between a contact's folded name and the words of the rest of its search text.
#: Folding never leaves a ``|``, so the name can be told from the rest
#: (:func:`folded_name_of`).
NAME_SEPARATOR = " | "

#: The most characters of words from interaction notes a contact's search text
#: holds (the newest notes first): the text sits in the contacts' search index,
#: and every search that finds few people reads all of it.
INTERACTION_NOTES_AT_MOST = 1000


class _FoldedCharacters(dict[int, str]):
    """What each character (by code point, as ``str.translate`` asks) becomes once
    decomposed and casefolded, worked out the first time it is met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if unicodedata.combining(ch) or ch in APOSTROPHES:
            folded = ""  # an accent, a cedilla, a tilde: gone; O'Brien is obrien
        elif ch in UNDECOMPOSED_LETTERS:
            folded = UNDECOMPOSED_LETTERS[ch]
        elif unicodedata.category(ch) in _KEPT_CATEGORIES:
            folded = ch
        else:
            folded = " "
        self[code] = folded
        return folded


_FOLDED = _FoldedCharacters()


def fold(text: str) -> str:
    """``text`` as search compares it: accents dropped, letters casefolded,
    compatibility forms spelled plainly (``ﬁ`` is ``fi``), a few letters NFKD keeps
    whole spelled in ASCII (``ø`` is ``o``, ``ł`` is ``l``, ``æ`` is ``ae``),
    punctuation and symbols turned into spaces, and runs of spaces made one.

    ``fold(fold(t)) == fold(t)`` for every text.
    """
    if text.isascii():
        flat = text.lower().translate(_FOLDED)  # the common case: no decomposition to do
    else:
        # Decomposed, casefolded, decomposed again: compatibility forms may spell
        # capitals (㎁ is "nA") and casefolding may spell composed letters.
        once = unicodedata.normalize("NFKD", text).casefold()
        flat = unicodedata.normalize("NFKD", once).translate(_FOLDED)
    return " ".join(flat.split())


def search_text_for(
    name: str,
    company: str = "",
    title: str = "",
    addresses: Iterable[str] = (),
    tags: Iterable[str] = (),
    *,
    how_we_met: str = "",
    notes: str = "",
    ask_about: str = "",
    interaction_notes: Iterable[str] = (),
    nickname: str = "",
) -> str:
    """The folded text a contact is found by: the folded name, then each other word
    once: of the nickname (``bob`` finds Robert "Bob" Ray), the company, title, addresses, tags, how you met, notes, "next time,
    ask about", and the notes of the interactions the user logged, newest first
    (pass them in that order).

    A search word (folded, so without spaces) is part of the text exactly when it
    is part of one of its words, so each word needs to be there only once.

    Bounded on purpose: it holds only what describes the person and what the user
    wrote, never the bodies of imported messages (``text_sent``, an imported
    reply's text), and at most :data:`INTERACTION_NOTES_AT_MOST` characters of words
    from interaction notes.
    """
    folded_name = fold(name)
    seen = set(folded_name.split())
    words: list[str] = []
    # Tags by name, whatever order they were given in (the same text however written).
    for part in (nickname, company, title, *addresses, *sorted(tags), how_we_met, notes, ask_about):
        for word in fold(part).split():
            if word not in seen:
                seen.add(word)
                words.append(word)
    room = INTERACTION_NOTES_AT_MOST
    for note in interaction_notes:
        for word in fold(note).split():
            if word not in seen:
                room -= len(word) + 1
                if room < 0:
                    return _joined(folded_name, words)
                seen.add(word)
                words.append(word)
    return _joined(folded_name, words)


def _joined(folded_name: str, words: list[str]) -> str:
    return f"{folded_name}{NAME_SEPARATOR}{' '.join(words)}" if words else folded_name


def folded_name_of(search_text: str) -> str:
    """The folded name a search text starts with."""
    return search_text.split(NAME_SEPARATOR, 1)[0]


def search_terms(query: str) -> list[str]:
    """The words of a search, folded; a contact matches when its text holds every one."""
    return fold(query).split()


def finds(query: str, search_text: str) -> bool:
    """Whether a contact with this search text is among the matches of ``query``
    (the rule the contact list's SQL applies, one ``LIKE`` per word)."""
    return all(term in search_text for term in search_terms(query))


def narrows(earlier: str, later: str) -> bool:
    """Whether every contact found by ``later`` is also found by ``earlier``.

    True when each word of ``earlier`` is part of some word of ``later`` (typing
    on, ``"sm"`` then ``"smith"``; adding a word, ``"ann"`` then ``"ann acme"``),
    both folded: a text holding every later word then holds every earlier one.
    An empty ``earlier`` finds everyone, so anything narrows it.
    """
    later_terms = search_terms(later)
    return all(any(term in word for word in later_terms) for term in search_terms(earlier))
