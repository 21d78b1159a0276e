"""The Textual interface. Screens call services from thread workers; no SQL here."""
