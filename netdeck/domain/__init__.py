"""Pure rules of netdeck: no database, no UI, no clock, no environment.

Everything here is a function of its arguments, so it can be unit-tested with
tables of cases and property tests.
"""
