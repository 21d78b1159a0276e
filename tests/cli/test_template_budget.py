"""Runaway templates at the command line: ``snippets add``/``edit``, ``import json``
and ``draft`` refuse them within seconds, on one line, and change nothing.

Before the rendering budget, the loops below ran for hours and the widths took
gigabytes (see ``tests/unit/test_template_budget.py`` for every kind).
"""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest

from netdeck.importers import netdeck_json
from tests.cli.conftest import (
    Netdeck,
    assert_user_error,
    copy_database,
    database_dump,
    query,
    succeeded,
    write,
)

LOOPS = (
    "Hi {{ first_name }},\n"
    "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}"
    "{% endfor %}{% endfor %}{% endfor %}"
)
CENTER = "Hi {{ first_name }}\n{{ 'x' | center(10**9) }}"
FORMAT = "{{ '{:>999999999}'.format(first_name) }}"
#: A real process: start-up (about a second) plus the check (at most a second or two).
SECONDS = 15


def add(name: str, *options: str) -> tuple[str, ...]:
    return ("snippets", "add", name, "--kind", "check-in", "--channel", "any", *options)


def test_snippets_add_refuses_runaway_loops_quickly_and_saves_nothing(populated: Netdeck) -> None:
    before = database_dump(populated.db)
    started = time.monotonic()
    result = populated(*add("loops", "--body-file", "-"), stdin=LOOPS)
    assert time.monotonic() - started < SECONDS
    assert_user_error(result, "line 2: the template ", "check its loops")
    assert database_dump(populated.db) == before


@pytest.mark.parametrize(
    ("args", "body", "says"),
    [
        pytest.param(
            add("wide"),
            CENTER,
            ("line 2: that width is too large for a message",),
            id="add-center",
        ),
        pytest.param(
            add("wide", "--subject", FORMAT),
            "Hi",
            ("line 1: that format width is too large", "(in the subject)"),
            id="add-subject-format",
        ),
        pytest.param(
            ("snippets", "edit", "hello"),
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            ("line 1: that would build text or a list longer than 100,000 characters",),
            id="edit-doubling",
        ),
        pytest.param(
            # A short draft ("400000000") from a 400 MB string: accepted before the budget.
            ("snippets", "edit", "hello"),
            "{{ ('x' * 20000) | replace('x', 'y' * 20000) | length }}",
            ("line 1: that would build text or a list longer than 100,000 characters",),
            id="edit-replace",
        ),
    ],
)
def test_snippets_refuse_templates_that_would_build_gigabytes(
    populated: Netdeck, tmp_path: Path, args: tuple[str, ...], body: str, says: tuple[str, ...]
) -> None:
    before = database_dump(populated.db)
    path = tmp_path / "body.txt"
    path.write_text(body, encoding="utf-8")
    assert_user_error(populated.in_process(*args, "--body-file", str(path)), *says)
    assert database_dump(populated.db) == before


def test_import_json_refuses_a_runaway_snippet_and_imports_nothing(
    populated: Netdeck, empty_template: Path, tmp_path: Path
) -> None:
    document: dict[str, Any] = json.loads(succeeded(populated.in_process("export", "json")).stdout)
    hostile = copy.deepcopy(document)
    hostile["snippets"][1]["body"] = LOOPS
    path = tmp_path / "deck.json"
    path.write_text(json.dumps(hostile), encoding="utf-8")
    netdeck = Netdeck(tmp_path / "data", copy_database(empty_template, tmp_path / "new.db"))
    before = database_dump(netdeck.db)
    started = time.monotonic()
    result = netdeck("import", "json", str(path))
    assert time.monotonic() - started < SECONDS
    assert_user_error(result, "snippets[1].body: not a usable template: line 2: the template ")
    assert database_dump(netdeck.db) == before


def test_draft_refuses_a_runaway_snippet_saved_before_the_budget(populated: Netdeck) -> None:
    # Written straight into the database, as an older netdeck would have let it be saved.
    assert populated.db is not None
    write(populated.db, "UPDATE snippets SET body = ? WHERE name = 'hello'", (LOOPS,))
    before = database_dump(populated.db)
    started = time.monotonic()
    result = populated("draft", "1", "--snippet", "hello")
    assert time.monotonic() - started < SECONDS
    assert_user_error(result, "line 2: the template ", "(in snippet 'hello': edit it to fix this)")
    assert database_dump(populated.db) == before
    assert query(populated.db, "SELECT count(*) FROM snippets WHERE name = 'hello'") == [(1,)]


@pytest.mark.parametrize(
    "slow",
    [
        pytest.param(
            "Hi {{ first_name }}"
            "{% for a in range(100) %}{% for b in range(100) %}{% endfor %}{% endfor %}",
            id="slow-to-render",
        ),
        pytest.param("Hi {{ first_name }}" * 1000, id="slow-to-compile"),
    ],
)
def test_import_json_checks_all_of_a_files_templates_within_one_limit(
    populated: Netdeck,
    empty_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    slow: str,
) -> None:
    # Each template is well within its own second; hundreds of them are not within the
    # file's limit (10 seconds; 2 here, to keep the test short).
    monkeypatch.setattr(netdeck_json, "MAX_FILE_CHECK_SECONDS", 2.0)
    document: dict[str, Any] = json.loads(succeeded(populated.in_process("export", "json")).stdout)
    document["snippets"] += [
        {**document["snippets"][0], "name": f"slow {n}", "body": slow} for n in range(1000)
    ]
    path = tmp_path / "deck.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    netdeck = Netdeck(tmp_path / "data", copy_database(empty_template, tmp_path / "new.db"))
    before = database_dump(netdeck.db)
    started = time.monotonic()
    result = netdeck.in_process("import", "json", str(path))
    assert time.monotonic() - started < SECONDS
    assert_user_error(result, "the templates take longer than 2 seconds to check in all")
    assert database_dump(netdeck.db) == before
