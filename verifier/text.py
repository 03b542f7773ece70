"""Words and stopwords shared by lexical search, cleaning and evaluation: the one tokenizer.

:data:`WORD` is a word (letters and digits, inner apostrophes kept: ``army's``); :func:`words`
gives its pieces between apostrophes, the lexical search terms. :data:`STOPWORDS` are English
function words; :data:`LINE_STOPWORDS`, a subset plus reporting verbs, is what page cleaning
compares lines by (the larger list changes 37 of 1,721 segmented reports; docs/architecture.md).
The stance model keeps its own features (``verifier/judge/stance/features.py``): the committed
weights were trained on them.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+(?:['’]\w+)*")
_PIECE = re.compile(r"\w+")  # WORD split at its apostrophes

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

_LINE_WORDS = """
    a an the of to in on at for by with from and or but as is are was were be been has have had
    its it this that after before over into about he she they their his her who which than more
    not will would could"""
LINE_STOPWORDS = frozenset(_LINE_WORDS.split()) | {"say", "says", "said"}
"""The words page cleaning ignores when it compares a headline with the body."""

_QUOTES = str.maketrans("‘’‛`´“”„", "'''''\"\"\"", "")


def words(text: str) -> list[str]:
    """Lower-cased word tokens (Unicode letters, digits and underscore)."""
    return _PIECE.findall(text.lower())


def content_words(text: str) -> list[str]:
    """:func:`words` without :data:`STOPWORDS`, in order, repeats kept."""
    return [w for w in words(text) if w not in STOPWORDS]


def normalise(text: str) -> str:
    """NFKC, lower case, unified quotes, the :data:`WORD` words separated by single spaces."""
    folded = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)
    return " ".join(WORD.findall(folded))
