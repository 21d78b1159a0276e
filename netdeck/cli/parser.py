"""The ``netdeck`` argument parser: every subcommand, its options and its help.

One function per area adds its subcommands, in the order ``netdeck --help``
lists them; each subcommand's ``handler`` is the function in
:mod:`netdeck.cli.commands` that runs it. The names an option takes (stages,
channels, kinds) come from the domain's enums, so the help always lists what
the rules accept. Built only for commands other than the bare ``netdeck``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from netdeck import __version__
from netdeck.cli.commands.contacts import cmd_add, cmd_edit, cmd_list, cmd_show
from netdeck.cli.commands.dates import cmd_birthday, cmd_dates, cmd_remind
from netdeck.cli.commands.demo import cmd_demo
from netdeck.cli.commands.drafts import cmd_draft
from netdeck.cli.commands.duplicates import (
    cmd_duplicates,
    cmd_merge,
    cmd_not_duplicates,
    cmd_unmerge,
)
from netdeck.cli.commands.exporting import cmd_backup, cmd_copy, cmd_export, cmd_import_json
from netdeck.cli.commands.importing import cmd_import
from netdeck.cli.commands.mail import cmd_mail_status, cmd_mail_sync
from netdeck.cli.commands.queue import (
    cmd_log,
    cmd_pull,
    cmd_queue,
    cmd_skip,
    cmd_snooze,
    cmd_stage,
)
from netdeck.cli.commands.reminders import cmd_calendar, cmd_digest
from netdeck.cli.commands.settings import cmd_settings
from netdeck.cli.commands.snippets import (
    cmd_snippets_add,
    cmd_snippets_edit,
    cmd_snippets_list,
    cmd_snippets_remove,
    cmd_snippets_show,
)
from netdeck.cli.commands.stats import cmd_stats
from netdeck.cli.commands.tags import cmd_tag_cadence, cmd_tag_list
from netdeck.cli.commands.triage import cmd_triage, cmd_triage_decide
from netdeck.cli.commands.tui import cmd_tui
from netdeck.domain.calendar_feed import DEFAULT_FEED_DAYS
from netdeck.domain.channels import ChannelKind, InteractionChannel
from netdeck.domain.contact_query import ContactSort
from netdeck.domain.interactions import InteractionKind
from netdeck.domain.snippets import SnippetChannel, SnippetKind
from netdeck.domain.stages import Stage
from netdeck.domain.text import one_line

Handler = Callable[[argparse.Namespace], int]

FORCE_HELP = (
    "replace PATH if it is an existing regular file (never a symbolic link, "
    "a folder or the open database)"
)
#: Where a draft can go: a snippet's channels but ``any`` (the DraftChannel values;
#: netdeck.domain.draft_channels is not imported to build the parser).
DRAFT_CHANNELS = tuple(channel for channel in SnippetChannel if channel is not SnippetChannel.ANY)
#: The largest whole number an option takes: what a database integer holds (64 bits, signed).
LARGEST_WHOLE_NUMBER = 2**63 - 1


def build_parser() -> argparse.ArgumentParser:
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (default: $NETDECK_DB or the data dir's netdeck.db)",
    )
    parser = argparse.ArgumentParser(
        prog="netdeck",
        description="Keep up with the people who matter: today's queue, personal messages, a small real network.",
        parents=[db_option],
    )
    parser.add_argument("--version", action="version", version=f"netdeck {__version__}")
    parser.set_defaults(handler=cmd_tui, command=None)
    commands = Subcommands(parser.add_subparsers(dest="command", metavar="COMMAND"), db_option)
    for add_area in (
        _add_contact_changes,
        _add_queue_actions,
        _add_queue_and_health,
        _add_triage,
        _add_contact_views,
        _add_duplicates,
        _add_tags,
        _add_settings,
        _add_snippets,
        _add_draft,
        _add_imports,
        _add_mail,
        _add_exports,
        _add_reminders,
        _add_demo,
    ):
        add_area(commands)
    return parser


@dataclass(frozen=True, slots=True)
class Subcommands:
    """Where one level of subcommands is added; each takes ``--db``, as the top level does."""

    group: argparse._SubParsersAction[argparse.ArgumentParser]
    db_option: argparse.ArgumentParser

    def add(
        self, name: str, handler: Handler | None, help_: str, *, described: bool = True
    ) -> argparse.ArgumentParser:
        """A subcommand run by ``handler`` (``None``: its own subcommands say);
        ``help_`` is its line in the list and, when ``described``, its description."""
        parser = self.group.add_parser(
            name,
            help=help_,
            description=help_ if described else None,
            parents=[self.db_option],
        )
        if handler is not None:
            parser.set_defaults(handler=handler)
        return parser

    def under(
        self, parser: argparse.ArgumentParser, dest: str, metavar: str, *, required: bool = False
    ) -> Subcommands:
        """The subcommands of ``parser`` (``netdeck triage keep``), named in ``dest``."""
        group = parser.add_subparsers(dest=dest, metavar=metavar, required=required)
        return Subcommands(group, self.db_option)


def _names(choices: Iterable[StrEnum], *, last: str = ", ") -> str:
    """The names of ``choices`` in order, comma-separated (``last`` before the final one)."""
    names = [choice.value for choice in choices]
    return ", ".join(names[:-1]) + last + names[-1] if len(names) > 1 else "".join(names)


def _whole_number(text: str) -> int:
    """An option's whole number, no larger than a database integer holds (argparse shows
    the ``ArgumentTypeError`` as a usage error naming the option)."""
    try:
        value = int(text)
    except ValueError:  # also a number too long to convert at all
        raise argparse.ArgumentTypeError(
            f"expected a whole number, not {one_line(text, 40)!r}"
        ) from None
    if abs(value) > LARGEST_WHOLE_NUMBER:
        raise argparse.ArgumentTypeError(
            f"{one_line(text, 40)} is too large: at most {LARGEST_WHOLE_NUMBER}"
        )
    return value


def _json_option(parser: argparse.ArgumentParser, help_: str | None = None) -> None:
    parser.add_argument("--json", action="store_true", help=help_)


def _add_contact_changes(commands: Subcommands) -> None:
    p = commands.add("add", cmd_add, "add a contact (active unless --stage is given)")
    p.add_argument("name", metavar="NAME")
    _add_contact_options(p)

    p = commands.add(
        "edit", cmd_edit, "change a contact's details (address options replace that kind)"
    )
    p.add_argument("contact", metavar="CONTACT", help="id, email, LinkedIn URL or name")
    p.add_argument("--name", dest="new_name", metavar="NAME", help="new full name")
    p.add_argument("--first-name", metavar="NAME", help="first name used in messages")
    p.add_argument("--last-name", metavar="NAME")
    _add_contact_options(p)


def _add_contact_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--email", action="append", metavar="E", help="email address (repeatable)")
    parser.add_argument("--linkedin", action="append", metavar="URL", help="LinkedIn profile URL")
    parser.add_argument(
        "--twitter", "--x", action="append", metavar="HANDLE", help="X/Twitter handle"
    )
    parser.add_argument("--website", action="append", metavar="URL", help="website or blog")
    parser.add_argument("--phone", action="append", metavar="P", help="phone number")
    parser.add_argument(
        "--prefer", metavar="KIND", help="preferred channel: " + _names(ChannelKind, last=" or ")
    )
    parser.add_argument("--nickname", metavar="N", help="what they go by ('' clears it)")
    parser.add_argument("--company", metavar="C")
    parser.add_argument("--title", metavar="T")
    parser.add_argument("--met", metavar="TEXT", help="how you met")
    parser.add_argument("--notes", metavar="TEXT")
    parser.add_argument(
        "--ask-about",
        metavar="TEXT",
        help="next time, ask about: the topic of the next draft (one line; '' clears it)",
    )
    parser.add_argument(
        "--cadence", metavar="N", help="days between check-ins: 14, 2w, 1m, 3m, 1y (or 'default')"
    )
    parser.add_argument("--tag", action="append", metavar="T", help="tag (repeatable)")
    parser.add_argument(
        "--owner", metavar="USER", help="who keeps up with them in a shared deck ('' clears it)"
    )
    parser.add_argument("--stage", metavar="S", help="one of: " + _names(Stage))
    parser.add_argument("--connected-on", metavar="YYYY-MM-DD", help="when you connected")
    _json_option(parser, "print the contact as JSON")


def _add_queue_actions(commands: Subcommands) -> None:
    p = commands.add("log", cmd_log, "log an interaction (default: an outbound message today)")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument(
        "--channel",
        metavar="C",
        help="one of: " + _names(InteractionChannel) + " (default: preferred)",
    )
    p.add_argument(
        "--kind",
        default=InteractionKind.MESSAGE.value,
        metavar="K",
        help="one of: " + _names(InteractionKind),
    )
    p.add_argument("--inbound", action="store_true", help="they reached out to you")
    p.add_argument("--note", metavar="TEXT", help="what you talked about")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="when (default: today)")
    _json_option(p)

    p = commands.add("snooze", cmd_snooze, "move a contact's due date without logging anything")
    p.add_argument("contact", metavar="CONTACT")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--days", metavar="N", help="snooze for N days")
    group.add_argument("--until", metavar="YYYY-MM-DD", help="snooze until this day")
    _json_option(p)

    p = commands.add("skip", cmd_skip, "hide a due contact from today's queue (back tomorrow)")
    p.add_argument("contact", metavar="CONTACT")
    _json_option(p)

    p = commands.add(
        "pull", cmd_pull, "put a contact in today's queue, past the daily size, due or not"
    )
    p.add_argument("contact", metavar="CONTACT")
    _json_option(p)

    p = commands.add("stage", cmd_stage, "move a contact to another stage")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument("stage", metavar="STAGE", help="one of: " + _names(Stage))
    _json_option(p)


def _add_queue_and_health(commands: Subcommands) -> None:
    p = commands.add("queue", cmd_queue, "today's queue, in order")
    p.add_argument("--all", action="store_true", help="everyone due, not only today's share")
    p.add_argument(
        "--everyone",
        action="store_true",
        help="a shared deck: everyone's people, not only yours and nobody's",
    )
    p.add_argument("--limit", type=_whole_number, metavar="N", help="show at most N")
    _json_option(p)

    p = commands.add("stats", cmd_stats, "network health: inner circle, cadence, replies, streak")
    _json_option(p)


def _add_triage(commands: Subcommands) -> None:
    p = commands.add(
        "triage", cmd_triage, "unsorted contacts, most promising first; keep, later or archive"
    )
    p.add_argument("--limit", type=_whole_number, metavar="N", help="show at most N (default 50)")
    _json_option(p)
    actions = commands.under(p, "triage_command", "ACTION")
    for action, help_ in (
        ("keep", "keep an unsorted contact: active with a cadence, first due day spread"),
        ("later", "follow up later: connected (or prospect), due in 2 to 6 weeks"),
        ("archive", "let an unsorted contact go (archived)"),
    ):
        s = actions.add(action, cmd_triage_decide, help_)
        s.add_argument("contact", metavar="CONTACT", help="id, email, LinkedIn URL or name")
        if action == "keep":
            s.add_argument(
                "--cadence",
                metavar="C",
                help="their own cadence: 14, 2w, 1m, 3m, 6m... "
                "(without it, their tags' cadence, else the default)",
            )
        _json_option(s)


def _add_contact_views(commands: Subcommands) -> None:
    p = commands.add("list", cmd_list, "list contacts")
    p.add_argument("--stage", metavar="S")
    p.add_argument("--tag", metavar="T")
    p.add_argument(
        "--search",
        metavar="TEXT",
        help="every word in name, company, title, addresses, tags, how you met or notes"
        " (accents, case and punctuation aside)",
    )
    p.add_argument("--company", metavar="TEXT", help="company name contains TEXT (any case)")
    p.add_argument("--owner", metavar="USER", help="owned by USER (a shared deck)")
    p.add_argument(
        "--sort", choices=[sort.value for sort in ContactSort], default=ContactSort.NAME.value
    )
    p.add_argument("--limit", type=_whole_number, metavar="N")
    _json_option(p)

    p = commands.add("show", cmd_show, "everything about one contact")
    p.add_argument("contact", metavar="CONTACT")
    _json_option(p)
    _add_key_dates(commands)


def _add_key_dates(commands: Subcommands) -> None:
    p = commands.add(
        "remind", cmd_remind, "remind yourself to write to someone on a day (once or every year)"
    )
    p.add_argument("contact", metavar="CONTACT", help="id, email, LinkedIn URL or name")
    p.add_argument(
        "--on",
        required=True,
        metavar="DATE",
        help="YYYY-MM-DD, or MM-DD for the next such day",
    )
    p.add_argument("--every", choices=["year"], help="come back every year")
    p.add_argument(
        "--note", metavar="TEXT", help="what to write about: the queue says 'you asked to: TEXT'"
    )
    _json_option(p, "print the contact's dates as JSON")

    p = commands.add("birthday", cmd_birthday, "set, change or clear someone's birthday")
    p.add_argument("contact", metavar="CONTACT", help="id, email, LinkedIn URL or name")
    p.add_argument("on", nargs="?", metavar="DATE", help="MM-DD, or YYYY-MM-DD with the year")
    p.add_argument("--clear", action="store_true", help="remove the birthday")
    _json_option(p, "print the contact's dates as JSON")

    p = commands.add("dates", cmd_dates, "list someone's birthdays and reminders, or remove one")
    p.add_argument("contact", metavar="CONTACT", help="id, email, LinkedIn URL or name")
    p.add_argument(
        "--remove", type=_whole_number, metavar="ID", help="remove the date with this id"
    )
    _json_option(p, "print the contact's dates as JSON")


def _add_duplicates(commands: Subcommands) -> None:
    p = commands.add(
        "duplicates", cmd_duplicates, "likely duplicate people, most certain first, with why"
    )
    p.add_argument("--limit", type=_whole_number, metavar="N", help="show at most N pairs")
    _json_option(p)

    p = commands.add(
        "merge",
        cmd_merge,
        "merge OTHER into KEEP: every address, tag, date and interaction kept (a backup first)",
    )
    p.add_argument("keep", metavar="KEEP", help="the one kept: id, email, LinkedIn URL or name")
    p.add_argument("other", metavar="OTHER", help="the one merged into KEEP and removed")
    _json_option(p)

    p = commands.add(
        "unmerge", cmd_unmerge, "undo the last `netdeck merge`: both people back exactly as before"
    )
    _json_option(p)

    p = commands.add(
        "not-duplicates", cmd_not_duplicates, "remember that two people are not the same"
    )
    p.add_argument("first", metavar="A")
    p.add_argument("second", metavar="B")
    _json_option(p)


def _add_tags(commands: Subcommands) -> None:
    p = commands.add("tag", cmd_tag_list, "the tags and their cadences (`tag list`, `tag cadence`)")
    _json_option(p)
    actions = commands.under(p, "tag_command", "ACTION")
    s = actions.add("list", cmd_tag_list, "every tag, how many carry it, its cadence")
    _json_option(s)
    s = actions.add(
        "cadence",
        cmd_tag_cadence,
        "a tag's cadence: who carries it and has no cadence of their own takes the "
        "shortest of their tags'",
    )
    s.add_argument("tag", metavar="TAG")
    s.add_argument("cadence", nargs="?", metavar="CADENCE", help="14, 2w, 1m, 3m, 1y (or none)")
    s.add_argument("--clear", action="store_true", help="the tag sets no cadence any more")
    _json_option(s)


def _add_mail(commands: Subcommands) -> None:
    p = commands.add(
        "mail",
        None,
        "replies from your mailbox over IMAP, headers only (`mail sync`, `mail status`)",
    )
    actions = commands.under(p, "mail_command", "ACTION", required=True)
    s = actions.add(
        "sync",
        cmd_mail_sync,
        "read who wrote to you and whom you wrote to since the last sync, and log it "
        "for the people in your deck (settings imap-host, imap-user; password in "
        "NETDECK_IMAP_PASSWORD or the keyring)",
    )
    _json_option(s)
    s = actions.add(
        "status", cmd_mail_status, "the last mail sync, what it read and logged, errors"
    )
    _json_option(s)


def _add_settings(commands: Subcommands) -> None:
    p = commands.add("settings", cmd_settings, "show or change settings")
    p.add_argument("key", nargs="?", metavar="KEY")
    p.add_argument("value", nargs="?", metavar="VALUE")
    _json_option(p)


def _add_snippets(commands: Subcommands) -> None:
    p = commands.add("snippets", None, "the snippet library")
    actions = commands.under(p, "snippets_command", "ACTION", required=True)
    s = actions.add("list", cmd_snippets_list, "list snippets", described=False)
    _json_option(s)
    s = actions.add("show", cmd_snippets_show, "show one snippet", described=False)
    s.add_argument("name", metavar="NAME")
    _json_option(s)
    for action, handler in (("add", cmd_snippets_add), ("edit", cmd_snippets_edit)):
        help_ = f"{action} a snippet (body from --body-file or $EDITOR)"
        s = actions.add(action, handler, help_, described=False)
        s.add_argument("name", metavar="NAME")
        required = action == "add"
        s.add_argument("--kind", required=required, metavar="K", help=_names(SnippetKind))
        s.add_argument("--channel", required=required, metavar="C", help=_names(SnippetChannel))
        s.add_argument("--subject", metavar="S", help="email subject")
        s.add_argument("--body-file", metavar="FILE", help="read the body from FILE (- for stdin)")
        if action == "edit":
            s.add_argument("--name", dest="new_name", metavar="NEW", help="rename the snippet")
        _json_option(s)
    s = actions.add("remove", cmd_snippets_remove, "delete a snippet", described=False)
    s.add_argument("name", metavar="NAME")
    _json_option(s)


def _add_draft(commands: Subcommands) -> None:
    p = commands.add(
        "draft", cmd_draft, "a message for one contact from a snippet, checked for its channel"
    )
    p.add_argument("contact", metavar="CONTACT", help="id, email, LinkedIn URL or name")
    p.add_argument(
        "--snippet", metavar="NAME", help="the snippet to use (default: the best for the stage)"
    )
    p.add_argument(
        "--channel",
        metavar="C",
        help=_names(DRAFT_CHANNELS, last=" or ") + " (default: the snippet's)",
    )
    p.add_argument(
        "--copy",
        action="store_true",
        help="copy the text: system clipboard and OSC 52 (NETDECK_CLIPBOARD=auto|osc52|system|off)",
    )
    p.add_argument("--sent", action="store_true", help="log it as sent (with the text and snippet)")
    p.add_argument(
        "--anyway",
        action="store_true",
        help="draft even when another user is writing to them today (else asked on a terminal)",
    )
    p.add_argument(
        "--without-note",
        action="store_true",
        help="log a LinkedIn connection request sent without a note instead (no notes left "
        "this month: they are due the day they accept)",
    )
    _json_option(p)


#: ``import FORMAT`` for other tools' files: the help line and what PATH is.
IMPORT_FORMATS = (
    (
        "linkedin",
        "a LinkedIn data export: the .zip, or Connections.csv (with Invitations.csv and "
        "messages.csv beside it)",
        "the export .zip or Connections.csv",
    ),
    (
        "csv",
        "a CSV with a header row (columns matched by name; Google Contacts exports work); "
        "new people land in unsorted",
        "the CSV file",
    ),
    (
        "vcard",
        "a vCard file (3.0 or 4.0, one or many cards); new people land in unsorted",
        "the .vcf file",
    ),
)


def _add_imports(commands: Subcommands) -> None:
    p = commands.add("import", None, "import people from another tool's export")
    formats = commands.under(p, "format", "FORMAT", required=True)
    for name, help_, path_help in IMPORT_FORMATS:
        s = formats.add(name, cmd_import, help_)
        s.add_argument("path", metavar="PATH", help=path_help)
        s.add_argument(
            "--dry-run", action="store_true", help="show what would change, write nothing"
        )
        s.add_argument("--tag", metavar="T", help="tag every imported person")
        _json_option(s, "print the summary as JSON")
    help_ = (
        "netdeck's own JSON export (`netdeck export json`), restored into an empty database "
        "(use --db new.db)"
    )
    s = formats.add("json", cmd_import_json, help_)
    s.add_argument("path", metavar="PATH", help="the .json file")
    s.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    _json_option(s, "print the summary as JSON")


def _add_exports(commands: Subcommands) -> None:
    p = commands.add("export", cmd_export, "write your contacts out (stdout unless -o)")
    p.add_argument(
        "format",
        choices=["csv", "vcard", "json"],
        help="csv: one row per contact, spreadsheet-safe; vcard: vCard 3.0, one card each; "
        "json: everything, for `netdeck import json`",
    )
    p.add_argument(
        "-o", "--output", metavar="PATH", help="a new file to write (created with mode 0600)"
    )
    p.add_argument("--force", action="store_true", help=FORCE_HELP)

    p = commands.add(
        "backup", cmd_backup, "a consistent copy of the database, safe while netdeck runs"
    )
    p.add_argument("-o", "--output", metavar="PATH", help="a new file to write (default: backups/)")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    _json_option(p)

    p = commands.add(
        "copy",
        cmd_copy,
        "copy the whole deck into another, empty database (SQLite <-> PostgreSQL), "
        "all or nothing, every table verified",
    )
    p.add_argument(
        "--to",
        required=True,
        metavar="TARGET",
        help="a SQLite file path or a database URL (postgresql://user@host/db)",
    )
    _json_option(p, "print the tables, row counts and checksums as JSON")


def _add_reminders(commands: Subcommands) -> None:
    p = commands.add(
        "calendar",
        cmd_calendar,
        "an iCalendar file of who is due and their key dates, one all-day event per "
        "person and day, to subscribe to (re-run it: stable UIDs update the events)",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE.ics",
        help="the file to write (mode 0600); an existing iCalendar file is replaced",
    )
    p.add_argument(
        "--days",
        type=_whole_number,
        default=DEFAULT_FEED_DAYS,
        metavar="N",
        help=f"how many days from today (default {DEFAULT_FEED_DAYS})",
    )
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    _json_option(p, "print a summary as JSON")

    commands.add("digest", cmd_digest, "today's queue as plain text, for a cron mail")


def _add_demo(commands: Subcommands) -> None:
    p = commands.add(
        "demo", cmd_demo, "fill a separate demo database with synthetic people and open it"
    )
    p.add_argument(
        "--contacts",
        type=_whole_number,
        default=150,
        metavar="N",
        help="how many people (default 150)",
    )
    p.add_argument(
        "--interactions",
        type=_whole_number,
        default=10,
        metavar="N",
        help="interactions per person on average (default 10)",
    )
    p.add_argument(
        "--seed", type=_whole_number, default=7, metavar="S", help="random seed (default 7)"
    )
    p.add_argument("--no-tui", action="store_true", help="only fill the database")
    _json_option(p, "print a summary as JSON (implies nothing about --no-tui)")
