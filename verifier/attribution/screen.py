"""Which paragraphs can hold a claim, decided from their words before any parse.

A claim needs a reporting cue (:func:`verifier.attribution.cues.reporting_cue` of some token's
lemma). spaCy's English lemmatizer is rule-based: a token's lemma is its lower-case text, an
exception of its lemma tables ("said" -> "say"), a suffix rule applied to it ("claims" ->
"claim"), or a lemma the attribute ruler sets. :class:`CueScreen` tries every one of these for
every word of a paragraph, so a paragraph it rejects has no token whose lemma can be a cue: its
parse cannot give a claim and is skipped. The test is a superset (a word may pass that spaCy
lemmatises otherwise) and never rejects a paragraph the parse would take a claim from
(``tests/unit/test_cue_screen.py`` checks this on every paragraph of the sample corpus).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from verifier.attribution.cues import reporting_cue

if TYPE_CHECKING:
    from spacy.language import Language

_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_PIECES = re.compile(r"[^\W\d_]+")
_PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv", "propn", "punct")
_PHRASES = {"according": ("according to",)}  # cues the finder names by a phrase
_SEEN_WORDS = 200_000  # words whose answer is kept


class CueScreen:
    """Tells from its words whether a paragraph may hold a reporting cue."""

    def __init__(self, nlp: Language) -> None:
        self.enabled = False
        self._rules: list[tuple[str, str]] = []
        self._exceptions: dict[str, list[str]] = {}
        self._forced: frozenset[str] = frozenset()
        self._seen: dict[str, bool] = {}
        if "lemmatizer" not in nlp.pipe_names:
            return
        lemmatizer = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) != "rule":
            return
        tables = lemmatizer.lookups  # type: ignore[attr-defined]
        rules = tables.get_table("lemma_rules", {})
        exceptions = tables.get_table("lemma_exc", {})
        for pos in _PARTS_OF_SPEECH:
            self._rules.extend((old, new) for old, new in rules.get(pos, ()))
            for form, lemmas in exceptions.get(pos, {}).items():
                self._exceptions.setdefault(form, []).extend(lemmas)
        forced = _forced_words(nlp)
        if forced is None:
            return
        self._forced = forced
        self.enabled = True

    def may_hold_claim(self, text: str) -> bool:
        """False only when no word of ``text`` can be lemmatised to a reporting cue."""
        if not self.enabled:
            return True
        words = set(_WORDS.findall(text.lower()))
        return any(self._word(word) for word in words)

    def _word(self, word: str) -> bool:
        known = self._seen.get(word)
        if known is None:
            pieces = {word, *_PIECES.findall(word)}
            known = word in self._forced or any(
                reporting_cue(lemma) for piece in pieces for lemma in self._lemmas(piece)
            )
            if len(self._seen) < _SEEN_WORDS:
                self._seen[word] = known
        return known

    def _lemmas(self, word: str) -> set[str]:
        out = {word, *self._exceptions.get(word, ()), *_PHRASES.get(word, ())}
        for old, new in self._rules:
            if word.endswith(old):
                out.add(word[: len(word) - len(old)] + new)
        out.discard("")
        return out


def _forced_words(nlp: Language) -> frozenset[str] | None:
    """Words the attribute ruler lemmatises to a reporting cue (None: not known from words)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return frozenset()
    out: set[str] = set()
    for pattern in nlp.get_pipe("attribute_ruler").patterns:  # type: ignore[attr-defined]
        lemma = pattern.get("attrs", {}).get("LEMMA")
        if lemma is None or not reporting_cue(str(lemma).lower()):
            continue
        for token in pattern["patterns"][0]:
            literal = token.get("ORTH") or token.get("LOWER") or token.get("TEXT")
            if not isinstance(literal, str):
                return None
            out.add(literal.lower())
    return frozenset(out)
