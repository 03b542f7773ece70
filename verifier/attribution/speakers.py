"""Who a speaker mention refers to: the name without clauses, pronouns resolved, anonymity.

- The name is the noun phrase up to its head: an appositive, relative clause or participle after
  it stays out ("Nick Witney, a fellow at ... who ran ..." -> "Nick Witney").
- A pronoun ("he", "she", "they", "it") takes the nearest compatible antecedent: first the
  subjects and objects before it in its paragraph, nearest first, then the mentions of earlier
  paragraphs; "he" / "she" need a singular person (a PERSON entity or a person noun), "they" a
  plural noun or an organisation, "it" an organisation or a singular non-person noun.
- "who asked not to be named" is the condition of an anonymous source, not a claim
  (:func:`anonymity_request`); anonymous sources are typed in :mod:`.sources`.
- A person's role given once ("pollster Pat Caddell", "Pat Caddell, a pollster") types later
  mentions of the same surname (:func:`person_roles`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from verifier.attribution.found import Found, doc_text, sentence_of
from verifier.attribution.sources import speaker_type
from verifier.model import SpeakerType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PERSON_NOUNS = frozenset(
    (  # noqa: SIM905
        "spokesman spokeswoman spokesperson official minister president senator "
        "congressman congresswoman governor mayor secretary director chief commander "
        "general colonel officer worker man woman resident witness doctor analyst expert "
        "researcher professor historian candidate lawmaker leader ambassador envoy "
        "activist lawyer attorney judge adviser advisor aide reporter journalist "
        "correspondent editor chairman chairwoman chair head"
    ).split()
)
_NOT_SPEAKERS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "EVENT", "LAW"}
)
_HE_SHE = frozenset({"he", "she", "him", "her", "his"})
_THEY = frozenset({"they", "them", "their"})
_IT = frozenset({"it", "its"})
_CANDIDATE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr", "poss"})
_CLAUSE_DEPS = frozenset({"appos", "relcl", "acl", "prep", "advcl", "punct", "cc", "conj"})


@dataclass(frozen=True)
class Mention:
    """A noun phrase that a later pronoun may refer to."""

    name: str
    person: bool
    plural: bool
    organisation: bool
    subject: bool


def name_tokens(doc: Doc, head: Token) -> tuple[int, int]:
    """Token range [start, end) of the name: the head and what modifies it before, plus
    compounds and possessive markers; clauses, appositives and prepositions after it stay out."""
    start = head.left_edge.i
    end = head.i + 1
    for child in head.children:
        if child.i > head.i and child.dep_ not in _CLAUSE_DEPS and child.i == end:
            end = child.right_edge.i + 1
    while start < head.i and (doc[start].is_punct or doc[start].dep_ == "det"):
        start += 1
    return start, end


def mention(doc: Doc, token: Token) -> Mention | None:
    """The token as an antecedent candidate, or None when it cannot be one."""
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ not in _CANDIDATE_DEPS:
        return None
    if token.ent_type_ in _NOT_SPEAKERS or token.like_num:
        return None
    start, end = name_tokens(doc, token)
    name = doc[start:end].text.strip()
    person = token.ent_type_ == "PERSON" or token.lemma_.lower() in PERSON_NOUNS
    organisation = token.ent_type_ in ("ORG", "NORP", "GPE") and not person
    plural = token.tag_ in ("NNS", "NNPS")
    subject = token.dep_ in ("nsubj", "nsubjpass")
    return Mention(name, person, plural, organisation, subject)


def compatible(pronoun: str, m: Mention) -> bool:
    pronoun = pronoun.lower()
    if pronoun in _HE_SHE:
        return m.person and not m.plural
    if pronoun in _THEY:
        return m.plural or m.organisation
    if pronoun in _IT:
        return not m.person and not m.plural
    return False


def paragraph_mentions(doc: Doc) -> list[tuple[int, Mention]]:
    """Candidate antecedents of a paragraph with their token index, in text order."""
    out = []
    for token in doc:
        m = mention(doc, token)
        if m is not None:
            out.append((token.i, m))
    return out


def resolve(
    doc: Doc,
    pronoun: Token,
    here: list[tuple[int, Mention]],
    earlier: Iterable[list[Mention]],
) -> str | None:
    """The nearest compatible antecedent of ``pronoun``: in its own sentence before it, then
    the earlier sentences of the paragraph (subjects first), then earlier paragraphs (``earlier``:
    their mentions, the latest paragraph first, read only as far as needed)."""
    word = pronoun.lower_
    sent_start, _ = sentence_of(pronoun)
    before = [(i, m) for i, m in here if i < pronoun.i and compatible(word, m)]
    same = [m for i, m in before if i >= sent_start]
    if same:
        return same[-1].name
    if before:
        last_sent = sentence_of(doc[before[-1][0]])
        in_last = [(i, m) for i, m in before if last_sent[0] <= i < last_sent[1]]
        subjects = [m for i, m in in_last if doc[i].dep_ in ("nsubj", "nsubjpass")]
        return (subjects or [m for _, m in in_last])[0].name
    return _last_compatible(word, earlier)


def _last_compatible(word: str, paragraphs: Iterable[list[Mention]]) -> str | None:
    """The last compatible subject of the paragraphs (latest first), else their last compatible
    mention: the walk stops at the first paragraph with a compatible subject."""
    last_fit = None
    for mentions in paragraphs:
        fits = [m for m in mentions if compatible(word, m)]
        subjects = [m for m in fits if m.subject]
        if subjects:
            return subjects[-1].name
        if fits and last_fit is None:
            last_fit = fits[-1].name
    return last_fit


_ANONYMITY_REQUEST = re.compile(
    r"^(?:not\s+to\s+be\s+(?:named|identified|quoted)|to\s+remain\s+anonymous|anonymity)$", re.I
)


def anonymity_request(doc: Doc, found: Found) -> bool:
    """ "officials who asked not to be named": a condition of speaking, not a claim."""
    text = " ".join(doc_text(doc)[a:b] for a, b in found.content)
    return bool(_ANONYMITY_REQUEST.match(text.strip(" ,.")))


def surname(name: str | None) -> str:
    return name.split()[-1].lower() if name and name.split() else ""


def person_roles(doc: Doc) -> dict[str, SpeakerType]:
    """Types of people by their role where the text gives one: an appositive ("Pat Caddell, a
    pollster") or the words before the name ("Democratic pollster Pat Caddell", "Sen. X")."""
    out: dict[str, SpeakerType] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        root = ent.root
        before = doc[root.left_edge.i : ent.start].text
        appos = next((c for c in root.children if c.dep_ == "appos"), None)
        role = doc[slice(*name_tokens(doc, appos))].text if appos is not None else ""
        for text in (role, before):
            kind = speaker_type(text) if text.strip() else SpeakerType.UNKNOWN
            if kind not in (SpeakerType.UNKNOWN, SpeakerType.ANONYMOUS):
                out[surname(ent.text)] = kind
                break
    return out
