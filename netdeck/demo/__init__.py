"""The synthetic deck behind ``netdeck demo``.

``fill.py`` creates the demo database and writes it in bulk; ``generate.py``
makes one person at a time from a seeded generator; ``names.py`` holds the
word lists and ``shape.py`` the shares and weights the generator draws with.
"""
