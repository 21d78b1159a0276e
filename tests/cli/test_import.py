"""``netdeck import linkedin`` end to end: the summary as text and JSON, and errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.cli.conftest import Netdeck, assert_user_error, database_dump, query, run_all

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
CONNECTIONS = str(FIXTURES / "Connections.csv")


def test_import_prints_a_summary_then_changes_nothing_the_second_time(netdeck: Netdeck) -> None:
    first = netdeck.ok("import", "linkedin", CONNECTIONS, "--tag", "linkedin")
    lines = first.stdout.splitlines()
    assert lines[0].endswith("39 added, 0 updated, 0 unchanged, 1 skipped")
    assert "skipped Connections.csv line 42: no name" in lines[1]
    assert lines[2] == "  3 connection requests logged (1 without a note)"
    backup = [line for line in lines[3:] if line.startswith("Backup of the database before")]
    assert len(backup) == netdeck.on_file  # a server database is backed up by its server
    assert query(netdeck.db, "SELECT count(*) FROM contacts WHERE stage = 'requested'") == [(2,)]
    before = database_dump(netdeck.db)
    again = netdeck.json("import", "linkedin", CONNECTIONS, "--tag", "linkedin")
    assert (again["added"], again["updated"], again["unchanged"], again["backup"]) == (
        0,
        0,
        39,
        None,
    )
    assert again["skipped"] == [
        {
            "file": "Connections.csv",
            "line": 42,
            "reason": "no name (a hidden or closed LinkedIn account)",
        }
    ]
    assert database_dump(netdeck.db) == before


def test_dry_run_and_zip(netdeck: Netdeck, tmp_path: Path) -> None:
    archive = tmp_path / "Complete_LinkedInDataExport_11-25-2026.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("Connections.csv", "Invitations.csv", "messages.csv"):
            zf.write(FIXTURES / name, name)
    before = database_dump(netdeck.db)
    dry = netdeck.ok("import", "linkedin", str(archive), "--dry-run")
    assert "39 would be added" in dry.stdout and "dry run: nothing written" in dry.stdout
    assert "3 connection requests would be logged (1 without a note)" in dry.stdout
    assert database_dump(netdeck.db) == before
    summary = netdeck.json("import", "linkedin", str(archive))
    # Every message, and every outgoing invitation as a connection request.
    assert (summary["added"], summary["interactions"], summary["requests"]) == (39, 9, 3)
    assert query(netdeck.db, "SELECT count(*) FROM interactions WHERE source = 'import'") == [(9,)]


def test_errors_are_one_line_and_write_nothing(netdeck: Netdeck, tmp_path: Path) -> None:
    binary = tmp_path / "Connections.csv"
    binary.write_bytes(b"\x00\x01\x02\x03")
    truncated = tmp_path / "export.zip"
    truncated.write_bytes(b"PK\x03\x04 truncated")
    no_header = tmp_path / "other" / "Connections.csv"
    no_header.parent.mkdir()
    no_header.write_text("Name,Email\nAnn,ann@example.com\n", encoding="utf-8")
    before = database_dump(netdeck.db)
    results = run_all(
        [
            lambda: netdeck("import", "linkedin", str(binary)),
            lambda: netdeck("import", "linkedin", str(truncated), "--json"),
            lambda: netdeck("import", "linkedin", str(no_header)),
            lambda: netdeck("import", "linkedin", str(tmp_path / "missing.zip")),
        ]
    )
    assert_user_error(results[0], "Connections.csv", "binary")
    assert_user_error(results[1], "export.zip", "zip")
    assert_user_error(results[2], "Connections.csv", "no header row")
    assert_user_error(results[3], "missing.zip", "no such file")
    assert database_dump(netdeck.db) == before


def test_import_csv(netdeck: Netdeck) -> None:
    path = str(FIXTURES.parent / "csv" / "google-contacts-legacy.csv")
    summary = netdeck.json("import", "csv", path, "--tag", "google")
    assert (summary["added"], summary["skipped"]) == (2, [])
    assert query(netdeck.db, "SELECT full_name, stage, source FROM contacts ORDER BY id") == [
        ("Maya Okafor", "unsorted", "csv"),
        ("Ingrid Sol", "unsorted", "csv"),
    ]
    assert netdeck.ok("import", "csv", path, "--dry-run").stdout.startswith(path + ": 0 would")


def test_import_vcard_and_its_errors(netdeck: Netdeck, tmp_path: Path) -> None:
    cards = str(FIXTURES.parent / "vcard" / "contacts.vcf")
    not_cards = tmp_path / "people.vcf"
    not_cards.write_text("hello\n", encoding="utf-8")
    text = netdeck.ok("import", "vcard", cards).stdout
    assert text.splitlines()[0].endswith("2 added, 0 updated, 0 unchanged, 1 skipped")
    assert "skipped contacts.vcf line 18: no name (FN or N)" in text
    before = database_dump(netdeck.db)
    assert_user_error(netdeck("import", "vcard", str(not_cards)), "people.vcf", "not a vCard")
    assert database_dump(netdeck.db) == before


def test_a_note_when_messages_cannot_be_attributed(netdeck: Netdeck, tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(FIXTURES / "Connections.csv", "Connections.csv")
        zf.writestr(
            "messages.csv",
            "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT\n"
            "1,A,https://www.linkedin.com/in/a,B,https://www.linkedin.com/in/b,2026-11-01,hi\n"
            "2,C,https://www.linkedin.com/in/c,D,https://www.linkedin.com/in/d,2026-11-02,yo\n",
        )
    text, data = run_all(
        [
            lambda: netdeck("import", "linkedin", str(archive), "--dry-run"),
            lambda: netdeck("import", "linkedin", str(archive), "--dry-run", "--json"),
        ]
    )
    assert "  note: export.zip:messages.csv: could not tell which side is you" in text.stdout
    assert [note.split(";")[-1] for note in data.json()["notes"]] == [" messages were not imported"]


def test_a_resaved_export_keeps_every_person_and_names_the_unreadable_date(
    netdeck: Netdeck,
) -> None:
    """Spreadsheet forms of ``Connected On`` are read; ``#VALUE!`` keeps Rohan, undated."""
    path = str(FIXTURES.parent / "linkedin-resaved" / "Connections.csv")
    # One after the other: a dry run beside the import could read after it wrote.
    text = netdeck("import", "linkedin", path, "--dry-run")
    data = netdeck("import", "linkedin", path, "--json")
    assert text.stdout.splitlines()[:2] == [
        f"{path}: 5 would be added, 0 would be updated, 0 unchanged, 0 skipped "
        "(dry run: nothing written)",
        "  note: Connections.csv line 5 (Connected On): unreadable date '#VALUE!': expected "
        "a day like 12 Mar 2019; the person is imported without a connection date",
    ]
    summary = data.json()
    assert (summary["added"], summary["skipped"]) == (5, [])
    assert [note.split(" (")[0] for note in summary["notes"]] == ["Connections.csv line 5"]
    assert query(
        netdeck.db, "SELECT full_name, company, connected_on FROM contacts ORDER BY id"
    ) == [
        ("Neha", "Razorpay", "2022-02-07"),
        ("Arjun Mehta", "Zerodha", "2022-02-07"),
        ("Kavya Iyer", "Swiggy", "2022-02-07"),
        ("Rohan Das", "Freshworks", None),
        ("Meera Pillai", "CRED", "2022-02-13"),
    ]


def test_every_importer_refuses_a_binary_file_in_one_line(netdeck: Netdeck, tmp_path: Path) -> None:
    picture = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    paths = {}
    for kind, name in (("linkedin", "Connections.csv"), ("csv", "people.csv"), ("vcard", "a.vcf")):
        paths[kind] = tmp_path / kind / name
        paths[kind].parent.mkdir()
        paths[kind].write_bytes(picture)
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("Name\nZoë\n".encode("latin-1"))
    before = database_dump(netdeck.db)
    results = run_all(
        [
            *(lambda kind=kind: netdeck("import", kind, str(paths[kind])) for kind in paths),
            lambda: netdeck("import", "csv", str(latin1), "--json"),
        ]
    )
    for result, name in zip(results, ("Connections.csv", "people.csv", "a.vcf"), strict=False):
        assert_user_error(result, name, "binary")
    assert_user_error(results[3], "latin1.csv", "not UTF-8", "save it as UTF-8")
    assert database_dump(netdeck.db) == before


def test_vobject_complaints_are_skipped_rows_not_raw_stderr(
    netdeck: Netdeck, tmp_path: Path
) -> None:
    cards = tmp_path / "people.vcf"
    cards.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\ngarbage \x1b]0;pwned\x07\r\nEND:VCARD\r\n"
    )
    text, data = run_all(
        [
            lambda: netdeck("import", "vcard", str(cards), "--dry-run"),
            lambda: netdeck("import", "vcard", str(cards), "--dry-run", "--json"),
        ]
    )
    assert (text.returncode, text.stderr, data.returncode, data.stderr) == (0, "", 0, ""), text
    assert "\x1b" not in text.stdout + data.stdout
    assert (
        "  skipped people.vcf line 1: a line of this card was left out "
        "(Failed to parse line: garbage \\x1b]0;pwned\\x07)"
    ) in text.stdout
    assert data.json()["added"] == 1
    assert [row["line"] for row in data.json()["skipped"]] == [1]


def test_a_csv_quote_never_closed_is_refused_naming_its_line(
    netdeck: Netdeck, tmp_path: Path
) -> None:
    """It used to swallow every row after it, silently."""
    people = tmp_path / "people.csv"
    people.write_text('Name,Email\nAnn,a@x.org\n"Bob,b@x.org\nCy,c@x.org\nDee,d@x.org\n')
    before = database_dump(netdeck.db)
    assert_user_error(
        netdeck("import", "csv", str(people)),
        "people.csv: the quote opened in the row on line 3 is never closed",
    )
    assert database_dump(netdeck.db) == before


LATER = FIXTURES.parent / "linkedin-later"
LATER_DAY = {"NETDECK_TODAY": "2026-12-16"}  # the later export's day (its README)


def test_a_later_export_names_who_moved_in_text_and_counts_them_in_json(
    netdeck: Netdeck,
) -> None:
    netdeck.ok("import", "linkedin", CONNECTIONS)
    later = str(LATER / "Connections.csv")
    before = database_dump(netdeck.db)
    dry, dry_json = run_all(
        [
            lambda: netdeck("import", "linkedin", later, "--dry-run", env=LATER_DAY),
            lambda: netdeck("import", "linkedin", later, "--dry-run", "--json", env=LATER_DAY),
        ]
    )
    assert database_dump(netdeck.db) == before
    assert [line for line in dry.stdout.splitlines() if line.startswith("Would")] == [
        "Would be connected (accepted your invitation): Dana Whitfield, Kofi Mensah",
        "Would be awaiting your reply: Dana Whitfield ('Happy to! The pilot went live last…'),"
        " Priya Okafor ('Hi Sam, are you still looking for a…')",
        "Would record a change of jobs: Jonas Nasser (now CTO at Tessellate)",
        "Would be marked no longer connected: Sofia Raman",
    ]
    counts = {"accepted": 2, "awaiting_reply": 2, "job_changes": 1, "disconnected": 1}
    assert dry_json.json()["events"] == counts
    real = netdeck.ok("import", "linkedin", later, env=LATER_DAY).stdout.splitlines()
    assert real[2:6] == [
        "Accepted your invitation: Dana Whitfield, Kofi Mensah",
        "Awaiting your reply: Dana Whitfield ('Happy to! The pilot went live last…'),"
        " Priya Okafor ('Hi Sam, are you still looking for a…')",
        "Changed jobs: Jonas Nasser (now CTO at Tessellate)",
        "No longer connected: Sofia Raman",
    ]
    assert real[6] == "  38 matched by LinkedIn URL"
    backup = [line for line in real[7:] if line.startswith("Backup of the database before")]
    assert len(backup) == netdeck.on_file  # a server database is backed up by its server
    # The same export again: nobody moves, the counts say so and no line names anyone.
    again, again_text = run_all(
        [
            lambda: netdeck("import", "linkedin", later, "--json", env=LATER_DAY),
            lambda: netdeck("import", "linkedin", later, env=LATER_DAY),
        ]
    )
    summary = again.json()
    assert summary["events"] == dict.fromkeys(counts, 0)
    assert summary["moved"] == {
        "accepted": [],
        "awaiting_reply": [],
        "job_changes": [],
        "disconnected": [],
    }
    # The counts, the skipped row and who matched by what.
    assert again_text.stdout.splitlines()[1:] == [
        "  skipped Connections.csv line 43: no name (a hidden or closed LinkedIn account)",
        "  38 matched by LinkedIn URL",
    ]


def test_json_moved_names_who_moved(netdeck: Netdeck) -> None:
    netdeck.ok("import", "linkedin", CONNECTIONS)
    later = str(LATER / "Connections.csv")
    moved = netdeck.json("import", "linkedin", later, env=LATER_DAY)["moved"]
    assert moved == {
        "accepted": ["Dana Whitfield", "Kofi Mensah"],
        "awaiting_reply": [
            {"name": "Dana Whitfield", "wrote": "Happy to! The pilot went live last…"},
            {"name": "Priya Okafor", "wrote": "Hi Sam, are you still looking for a…"},
        ],
        "job_changes": [{"name": "Jonas Nasser", "now": "CTO at Tessellate"}],
        "disconnected": ["Sofia Raman"],
    }


def test_formats_that_do_not_sync_have_no_events(netdeck: Netdeck) -> None:
    path = str(FIXTURES.parent / "csv" / "google-contacts-legacy.csv")
    summary = netdeck.json("import", "csv", path, "--dry-run")
    assert (summary["events"], summary["moved"]) == (None, None)


def contact_with_profile(netdeck: Netdeck, slug: str) -> str:
    [(contact_id,)] = query(
        netdeck.db,
        "SELECT contact_id FROM channels WHERE kind = 'linkedin' AND value LIKE ?",
        (f"%/in/{slug}",),
    )
    return str(contact_id)


def test_show_tells_of_changed_jobs_and_lost_connections(netdeck: Netdeck) -> None:
    netdeck.ok("import", "linkedin", CONNECTIONS)
    netdeck.ok("import", "linkedin", str(LATER / "Connections.csv"), env=LATER_DAY)
    jonas = contact_with_profile(netdeck, "jonas-nasser-432")
    sofia = contact_with_profile(netdeck, "sofia-raman-535")
    priya = contact_with_profile(netdeck, "priya-okafor-457")
    jonas_text, jonas_json, sofia_text, sofia_json, priya_text, priya_json = run_all(
        [
            lambda: netdeck("show", jonas, env=LATER_DAY),
            lambda: netdeck("show", jonas, "--json", env=LATER_DAY),
            lambda: netdeck("show", sofia, env=LATER_DAY),
            lambda: netdeck("show", sofia, "--json", env=LATER_DAY),
            lambda: netdeck("show", priya, env=LATER_DAY),
            lambda: netdeck("show", priya, "--json", env=LATER_DAY),
        ]
    )
    assert (
        "  Changed jobs 2026-12-16: VP, Engineering at Blue Harbor Capital → CTO at Tessellate"
        in jonas_text.stdout.splitlines()
    )
    shown = jonas_json.json()
    assert shown["role_changes"] == [
        {
            "on": "2026-12-16",
            "from": "VP, Engineering at Blue Harbor Capital",
            "to": "CTO at Tessellate",
        }
    ]
    assert (shown["linkedin_connected"], shown["awaiting_reply_on"]) == (True, None)
    assert "  LinkedIn:    no longer a connection" in sofia_text.stdout.splitlines()
    assert (sofia_json.json()["linkedin_connected"], sofia_json.json()["role_changes"]) == (
        False,
        [],
    )
    assert "LinkedIn:" not in jonas_text.stdout
    assert (
        "  Due:         2026-12-14: wrote 2 days ago: 'Hi Sam, are you still looking for a…'"
        in priya_text.stdout.splitlines()
    )
    assert (priya_json.json()["awaiting_reply_on"], priya_json.json()["next_due_on"]) == (
        "2026-12-14",
        "2026-12-14",
    )


def test_a_contact_never_seen_in_an_export_is_neither(netdeck: Netdeck) -> None:
    added = netdeck.json("add", "Ann Lee")
    assert (added["linkedin_connected"], added["role_changes"]) == (None, [])


def test_queue_json_says_who_awaits_your_reply_and_puts_them_first(netdeck: Netdeck) -> None:
    netdeck.ok("import", "linkedin", CONNECTIONS)
    netdeck.ok("import", "linkedin", str(LATER / "Connections.csv"), env=LATER_DAY)
    entries = netdeck.json("queue", "--all", env=LATER_DAY)
    assert all(isinstance(entry["awaiting_reply"], bool) for entry in entries)
    assert [(e["name"], e["awaiting_reply"]) for e in entries[:3]] == [
        ("Dana Whitfield", True),
        ("Priya Okafor", True),
        ("Greg Alvarez", False),
    ]
    assert entries[1]["reason"] == "wrote 2 days ago: 'Hi Sam, are you still looking for a…'"
    assert not any(entry["awaiting_reply"] for entry in entries[2:])


def test_a_vcard_names_every_property_it_left_out(netdeck: Netdeck) -> None:
    """IMPP, a second ORG/TITLE/LinkedIn URL, an ORG department, an unknown X- property,
    an unreadable EMAIL: each named in the summary with its line, never silently lost."""
    path = str(FIXTURES.parent / "vcard" / "unread-fields.vcf")
    text = netdeck.ok("import", "vcard", path, "--dry-run").stdout
    assert text.splitlines()[1:8] == [
        "  1 e-mail address unreadable (line 5)",
        "  1 LinkedIn URL not imported (line 19)",
        "  2 IMPP not imported (lines 14, 24)",
        "  2 ORG not imported (lines 10, 11)",
        "  1 TITLE not imported (line 13)",
        "  1 X-FOO-COLOUR not imported (line 25)",
        "  1 X-ABDATE not imported (line 26)",
    ]
    left_out = netdeck.json("import", "vcard", path)["left_out"]
    assert [(o["line"], o["what"], o["problem"], o["detail"]) for o in left_out[1:5]] == [
        (19, "LinkedIn URL", "not imported", "https://www.linkedin.com/in/wes-two"),
        (14, "IMPP", "not imported", "skype:wes.tyne"),
        (10, "ORG", "not imported", "Sales"),
        (11, "ORG", "not imported", "Other Co"),
    ]
    assert query(netdeck.db, "SELECT full_name, company, title, notes FROM contacts") == [
        ("Wes Tyne", "Acme", "CEO", "first note\nsecond note"),
        ("Ida Moss", "", "", ""),
    ]


def test_a_csv_names_every_column_it_left_out(netdeck: Netdeck) -> None:
    """Google's Name Suffix, Organization Department, Relation and IM values are named
    by their column with their line; their label columns are not reported apart."""
    path = str(FIXTURES.parent / "csv" / "google-unread-columns.csv")
    text = netdeck.ok("import", "csv", path, "--dry-run").stdout
    assert text.splitlines()[1:] == [
        "  1 e-mail address unreadable (line 2)",
        '  1 "Name Suffix" value not imported (line 2)',
        '  1 "Organization Department" value not imported (line 2)',
        '  1 "Relation 1" value not imported (line 2)',
        '  1 "IM 1" value not imported (line 2)',
    ]
    left_out = netdeck.json("import", "csv", path)["left_out"]
    assert [(o["line"], o["what"], o["detail"]) for o in left_out[1:]] == [
        (2, '"Name Suffix" value', "Jr."),
        (2, '"Organization Department" value', "Sales"),
        (2, '"Relation 1" value', "Spouse: Cat Bo"),
        (2, '"IM 1" value', "Skype: al.bo"),
    ]
