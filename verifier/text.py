"""Words and stopwords shared by lexical search, cleaning and evaluation."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)

_FUNCTION_WORDS = """
    a about after again against all also am an and any are as at be because been before being
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me
    more most my myself no nor not of off on once only or other our ours out over own same she
    should so some such than that the their theirs them themselves then there these they this
    those through to too under until up very was we were what when where which while who whom why
    will with would you your yours"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())
"""English function words: left out of lexical queries and content-word sets."""


def words(text: str) -> list[str]:
    """Lower-cased word tokens (Unicode letters, digits and underscore)."""
    return _WORD.findall(text.lower())


def content_words(text: str) -> list[str]:
    """:func:`words` without :data:`STOPWORDS`, in order, repeats kept."""
    return [w for w in words(text) if w not in STOPWORDS]
