"""A conjunct's own text range is never empty or reversed, whatever the parse."""

import spacy
from spacy.tokens import Doc

from verifier.attribution.claim_text import _own_range


def test_own_range_when_a_conjuncts_subtree_starts_before_the_token():
    # "c" has the conjunct "d", whose subject "b" comes before "c" (a parse spaCy made of a
    # real GVA article, which raised "invalid span [1614, 1613)" while indexing).
    doc = Doc(
        spacy.blank("en").vocab,
        words=["a", ".", "b", "c", "and", "d"],
        heads=[0, 0, 5, 3, 3, 3],
        deps=["ROOT", "punct", "nsubj", "ROOT", "cc", "conj"],
    )
    start, end = _own_range(doc, doc[3])
    assert start < end and doc.text[start:end] == "b c"
