"""verifier: attributed-claim extraction, evidence matching and review for fact-checkers.

The engine never imports the terminal UI (``tui``) and loads heavy models lazily.
"""

__version__ = "0.1.0"
