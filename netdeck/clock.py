"""The one place netdeck learns today's date.

Every rule takes ``today`` as an argument; only the interfaces (CLI, TUI) call
:func:`today`, which honours ``NETDECK_TODAY=YYYY-MM-DD`` so tests, demos and
planning ("what will my queue look like on Monday?") see a fixed date.
"""

from __future__ import annotations

import os
from datetime import date

from netdeck.domain.dates import parse_date
from netdeck.domain.errors import InvalidInput

TODAY_VARIABLE = "NETDECK_TODAY"


def today() -> date:
    """Today's date, or the date in ``NETDECK_TODAY`` when it is set."""
    override = os.environ.get(TODAY_VARIABLE, "").strip()
    if not override:
        return date.today()
    try:
        return parse_date(override)
    except InvalidInput as error:
        raise InvalidInput(f"{TODAY_VARIABLE}: {error}") from None
