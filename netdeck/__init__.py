"""netdeck: a keyboard-first follow-up inbox for the people who matter to you."""

__version__ = "0.1.0"
