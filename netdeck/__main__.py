"""Allows ``python -m netdeck``."""

from netdeck.cli import main

raise SystemExit(main())
