"""Attribution relations in a spaCy parse: who (source) said what (content), with which cue.

A verb is a cue when the cue model (a logistic regression over lemma and dependency features,
learned from PolNeAR train, see :mod:`.cue_model`) scores it above its threshold;
"according to X" is always a cue. Spans then come from the dependency tree:

- content: the clausal complement (``ccomp``, ``xcomp``), else the object or a prepositional
  complement ("called for ..."), else what follows a colon; for trailing attribution
  ("..., officials said") and "according to X", the clause the cue hangs from, minus the cue;
- source: the subject, the passive agent ("by X"), the object of "according to", or the subject
  inherited from the verb a participle or conjunct depends on ("..., saying ...");
- a sentence in quotation marks with no cue of its own continues the previous quote's speaker.

By default the learned tagger (:mod:`.tagger`) finds cues and spans, with these rules as its
features and fall-back. All offsets are character offsets into the parsed Doc's text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from verifier.attribution.cue_model import CueModel, is_candidate, load_cue_model
from verifier.attribution.found import (
    Found,
    Quotes,
    Range,
    Ranges,
    capped,
    covered,
    doc_text,
    extend_to_quotes,
    in_quotes,
    inside_quotes,
    quote_regions,
    quotes_content,
    sentence_of,
)
from verifier.attribution.tagger import AttributionTagger, RuleLookup, load_tagger

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


_SUBJECTS = ("nsubj", "csubj")
_CONTENT_DEPS = ("ccomp", "xcomp", "parataxis")
_INHERIT_DEPS = ("advcl", "conj", "xcomp", "acl")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_DASHES = frozenset({"-", "–", "—", "--"})
_HEDGE_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})


def _trim(doc: Doc, start: int, end: int) -> Range | None:
    """Token range [start, end) without punctuation and spaces at its edges, as characters."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _subtree_without(doc: Doc, head: Token, cut: Token) -> tuple[Range, ...]:
    """``head``'s subtree minus ``cut``'s subtree, as trimmed fragments."""
    out = []
    for start, end in (
        (head.left_edge.i, cut.left_edge.i),
        (cut.right_edge.i + 1, head.right_edge.i + 1),
    ):
        piece = _trim(doc, start, end)
        if piece:
            out.append(piece)
    return tuple(out)


def _subject(token: Token) -> Token | None:
    """The subject nearest before the verb (a misparsed dateline can be a second subject)."""
    subjects = [child for child in token.children if child.dep_ in _SUBJECTS]
    if subjects:
        before = [s for s in subjects if s.i < token.i]
        return before[-1] if before else subjects[0]
    for child in token.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _inherited_subject(token: Token) -> Token | None:
    """The subject of the verb a participle, conjunct or relative clause hangs from."""
    seen = 0
    while token.dep_ in _INHERIT_DEPS and token.head.i != token.i and seen < 4:
        if token.dep_ == "acl":
            return token.head
        token = token.head
        subject = _subject(token)
        if subject is not None:
            return subject
        seen += 1
    return None


def _source(token: Token) -> Token | None:
    subject = _subject(token)
    if subject is None:
        return _inherited_subject(token)
    if subject.lower_ in _RELATIVE and token.dep_ == "relcl":
        return token.head
    return subject


def _source_range(doc: Doc, head: Token) -> Range | None:
    """The source phrase: the head's subtree (only its left part for a relative's antecedent),
    after any dateline dash ("BAMAKO, July 1 (Agency) - Mali's army")."""
    start = head.left_edge.i
    for token in doc[start : head.i]:
        if token.text in _DASHES and token.i > 0 and doc[token.i - 1].whitespace_:
            start = token.i + 1  # a spaced dash, not a hyphen inside a name
    if any(child.dep_ == "relcl" for child in head.children):
        return _trim(doc, start, head.i + 1)
    return _trim(doc, start, head.right_edge.i + 1)


def _content(doc: Doc, cue: Token) -> tuple[tuple[Range, ...], Token | None, Token | None]:
    """Content fragments, the content's head token, and a preposition that joins the cue."""
    for dep in _CONTENT_DEPS:
        for child in cue.children:
            if child.dep_ == dep:
                piece = _trim(doc, child.left_edge.i, _clause_end(child) + 1)
                if piece:
                    return (piece,), child, None
    head = cue.head
    if head.i != cue.i and (
        cue.dep_ == "parataxis"
        or (
            cue.dep_ in ("ccomp", "advcl")
            and head.i < cue.i
            and head.pos_ in ("VERB", "AUX")
            and not (cue.dep_ == "advcl" and (cue.tag_ == "VBG" or _marked(cue)))
        )
    ):
        content = _subtree_without(doc, head, cue)
        if head.i < cue.i and len(content) > 1 and _first_word(doc, content[1]) in _ADJUNCTS:
            content = content[:1]  # "'A,' he said, when ...": the adjunct after the cue stays out
        return content, head, None
    if (
        head.i != cue.i
        and cue.dep_ == "advcl"
        and any(c.lower_ == "as" and c.dep_ == "mark" for c in cue.children)
    ):
        return _subtree_without(doc, head, cue), head, None  # "As Politico reported, X"
    for child in cue.children:
        if child.dep_ == "punct" and child.text == ":" and child.i > cue.i:
            piece = _trim(doc, child.i + 1, sentence_of(cue)[1])
            if piece:
                return (piece,), None, None
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            for medium in child.children:
                clause = next(
                    (c for c in medium.children if c.dep_ in ("ccomp", "acl", "relcl")), None
                )
                if medium.lower_ in _CUE_MEDIA and clause is not None:
                    piece = _trim(doc, clause.left_edge.i, clause.right_edge.i + 1)
                    if piece:
                        return (piece,), clause, None
    for child in cue.children:
        if child.dep_ in ("dobj", "attr", "oprd"):
            end = _phrase_end(child)
            for later in cue.children:  # "dismissed him as an actor", "accused X of Y"
                if later.i == end + 1 and later.dep_ in _OBJECT_TAIL and not _temporal(later):
                    end = later.right_edge.i
            piece = _trim(doc, child.left_edge.i, end + 1)
            if piece:
                return (piece,), child, None
    preps = [c for c in cue.children if c.dep_ == "prep" and c.i > cue.i]
    for child in sorted(preps, key=_temporal):  # "spoke for 45 minutes about X": about X
        objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
        if objects:
            obj = objects[0]
            piece = _trim(doc, obj.left_edge.i, _phrase_end(obj) + 1)
            if piece:
                return (piece,), obj, child if child.i == cue.i + 1 else None
    for child in cue.children:
        if child.dep_ == "advcl" and child.i > cue.i:
            piece = _trim(doc, child.left_edge.i, child.right_edge.i + 1)
            if piece:
                return (piece,), child, None
    if any(c.dep_ == "agent" for c in cue.children):  # "The meeting was reported by X"
        passive = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            piece = _trim(doc, passive.left_edge.i, passive.right_edge.i + 1)
            if piece:
                return (piece,), passive, None
        if cue.dep_ == "acl" and head.i < cue.i:  # "The bill, opposed by X"
            return _subtree_without(doc, head, cue), head, None
    start, end = sentence_of(cue)
    if cue.dep_ == "ROOT" and end - start <= 6 and start > 0:
        previous = doc[sentence_of(doc[start - 1])[0] : start]
        piece = _trim(doc, previous.start, previous.end)
        if piece:
            return (piece,), previous.root, None
    return (), None, None


def _first_word(doc: Doc, span: Range) -> str:
    return doc_text(doc)[span[0] : span[1]].split(None, 1)[0].lower()


def _temporal(prep: Token) -> bool:
    return any(c.ent_type_ in _WHEN_ENTITIES for c in prep.children)


def _phrase_end(head: Token) -> int:
    """Last token of a noun phrase, before a non-restrictive relative clause (", who ...")."""
    end = head.right_edge.i
    for child in head.children:
        if (
            child.dep_ == "relcl"
            and child.i > head.i
            and child.doc[child.left_edge.i - 1].text == ","
        ):
            end = min(end, child.left_edge.i - 2)
    return max(end, head.i)


def _marked(clause: Token) -> bool:
    """An adverbial clause opened by a conjunction other than "as" ("when X said ...")."""
    return any(c.dep_ == "mark" and c.lower_ != "as" for c in clause.children)


def _clause_end(head: Token) -> int:
    """Last token of a clause, before a trailing participle (", noting that ...")."""
    end = head.right_edge.i
    for child in head.children:
        if (
            child.dep_ == "advcl"
            and child.tag_ == "VBG"
            and child.i > head.i
            and child.left_edge.i > 0
            and child.doc[child.left_edge.i - 1].text in (",", "—", "--")
        ):
            end = min(end, child.left_edge.i - 2)
    return max(end, head.i)


def _according_to(doc: Doc, according: Token) -> Found | None:
    """ "according to X": X is the source, the clause it modifies (minus the phrase) the content."""
    to = next((c for c in according.children if c.lower_ == "to" and c.i > according.i), None)
    if to is None and according.i + 1 < len(doc) and doc[according.i + 1].lower_ == "to":
        to = doc[according.i + 1]
    if to is None:
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    head = according.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    if head.i == according.i or head.i in range(according.left_edge.i, according.right_edge.i + 1):
        return None
    content = _subtree_without(doc, head, according)
    if not content:
        return None
    return Found(
        cue=(according.idx, to.idx + len(to)),
        content=content,
        source=_source_range(doc, source) if source is not None else None,
        cue_lemma="according to",
        cue_token=according.i,
        source_token=source.i if source is not None else None,
        content_token=head.i,
    )


# words opening an adjunct after a trailing cue ("'A,' he said, when ..."), not content
_ADJUNCTS = frozenset(
    {"when", "as", "after", "before", "while", "because", "during", "at", "in", "on"}
)
_WHEN_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "PERCENT", "QUANTITY"})
_OBJECT_TAIL = frozenset({"prep", "oprd", "ccomp", "xcomp", "advcl", "dobj", "npadvmod"})
_CUE_MEDIA = frozenset({"statement", "interview", "email", "letter", "post", "tweet", "release"})
_NOT_CUE_ADVERBS = frozenset({"when", "then", "so", "instead", "how", "why", "where", "as"})


def _cue_range(doc: Doc, cue: Token, prep: Token | None) -> Range:
    """The cue verb as PolNeAR annotators mark it (shares of train cues that include the part):
    its auxiliaries and negation (0.9+), adverbs before it ("also", "publicly"), a particle or an
    adjacent preposition or adverb after it ("balked at", "shot back")."""
    start, end = cue.i, cue.i
    before = sorted((c for c in cue.children if c.i < cue.i), key=lambda c: -c.i)
    for child in before:
        if child.dep_ in ("aux", "auxpass", "neg") or (
            child.dep_ == "advmod" and child.i == start - 1 and child.lower_ not in _NOT_CUE_ADVERBS
        ):
            start = child.i
        elif child.i == start - 1:
            break
    for child in sorted((c for c in cue.children if c.i > cue.i), key=lambda c: c.i):
        if child.i != end + 1:
            break
        if child.dep_ == "prep" and (
            any(c.lower_ in _CUE_MEDIA for c in child.children)
            or (cue.lemma_ in ("say", "tell") and child.lower_ != "about" and child is not prep)
        ):
            break  # "said in a statement", "said at a rally": the verb alone
        if child.dep_ in ("prt", "prep", "advmod") or (prep is not None and child.i == prep.i):
            end = child.i
        else:
            break
    return doc[start].idx, doc[end].idx + len(doc[end])


def _hedges(doc: Doc, sent: Span) -> Iterator[Found]:
    """Unattributed hedged statements: "80 people were reportedly killed"."""
    for token in sent:
        if token.lower_ in _HEDGE_ADVERBS and token.dep_ == "advmod" and token.head.i != token.i:
            content = _trim(doc, token.head.left_edge.i, token.head.right_edge.i + 1)
            if content:
                yield Found(
                    cue=(token.idx, token.idx + len(token)),
                    content=(content,),
                    source=None,
                    cue_lemma=token.lower_,
                    cue_token=token.i,
                    source_token=None,
                    content_token=token.head.i,
                )


class AttributionFinder:
    """Finds attributions in parsed Docs: with the learned tagger (:mod:`.tagger`) by default,
    with the tree rules and a cue model alone when that model is given without a tagger, or
    when no tagger weights are installed."""

    def __init__(
        self,
        model: CueModel | None = None,
        tagger: AttributionTagger | None = None,
        rules_first: bool = False,
    ):
        self.tagger = tagger if tagger is not None or model is not None else load_tagger()
        self.model = model or load_cue_model()
        self.rules_first = rules_first  # the rules' spans where both find a cue, else the tagger's

    def find(self, doc: Doc) -> list[Found]:
        """Attributions of ``doc`` in document order."""
        text = doc_text(doc)
        quotes = quote_regions(text)
        rules = rule_lookup(doc, quotes)
        out: list[Found] = []
        previous: Found | None = None
        for sent in doc.sents:
            if previous is not None and covered(previous, sent.start_char, sent.end_char):
                continue
            found = [
                capped(extend_to_quotes(capped(f), quotes, text))
                for f in self._sentence(doc, sent, quotes, rules)
            ]
            nested = all(inside_quotes(f.cue, quotes) for f in found)  # cues quoted, if any
            if nested and previous is not None and in_quotes(sent, quotes):
                piece = _trim(doc, sent.start, sent.end)
                if piece:
                    found[:0] = [
                        Found(
                            cue=previous.cue,
                            content=(piece,),
                            source=previous.source,
                            cue_lemma=previous.cue_lemma,
                            cue_token=previous.cue_token,
                            source_token=previous.source_token,
                            content_token=sent.root.i,
                            continued=True,
                        )
                    ]
            out.extend(found)
            quoting = [f for f in found if quotes_content(f, quotes)]
            if found and found[0].continued:
                previous = found[0]  # the quoting speaker goes on past nested attributions
            else:
                previous = (quoting or found)[-1] if found else None
        return out

    def _sentence(self, doc: Doc, sent: Span, quotes: Quotes, rules: RuleLookup) -> list[Found]:
        found = list(self._verb_cues(doc, sent))
        if self.tagger is not None:  # both finders' cues; where they overlap, one's spans
            taken = Ranges(f.cue for f in found) if self.rules_first else None
            tagged = list(self.tagger.find(doc, sent, quotes, rules, taken))
            first, second = (found, tagged) if self.rules_first else (tagged, found)
            cues = Ranges(g.cue for g in first)
            found = first + [f for f in second if not cues.overlaps(f.cue)]
            found.sort(key=lambda f: f.cue)
        return found or list(_hedges(doc, sent))

    def _verb_cues(self, doc: Doc, sent: Span) -> Iterator[Found]:
        for token in sent:
            if token.lower_ == "according":
                found = _according_to(doc, token)
                if found is not None:
                    yield found
                continue
            if not is_candidate(token) or not self.model.is_cue(token):
                continue
            found = rule_spans(doc, token)
            if found is not None:
                yield found


def rule_lookup(doc: Doc, quotes: Quotes) -> RuleLookup:
    """The rules' attribution for each token taken as a cue ("according", a verb), cached."""
    text = doc_text(doc)

    def spans(doc: Doc, token: Token) -> Found | None:
        if token.lower_ == "according":
            found = _according_to(doc, token)
        elif is_candidate(token):
            found = rule_spans(doc, token)
        else:
            return None
        return capped(extend_to_quotes(capped(found), quotes, text)) if found else None

    return RuleLookup(doc, spans)


def rule_spans(doc: Doc, cue: Token) -> Found | None:
    """What the tree rules make of ``cue`` as a cue verb: its source, cue and content spans."""
    content, content_head, prep = _content(doc, cue)
    if not content:
        return None
    source = _source(cue)
    return Found(
        cue=_cue_range(doc, cue, prep),
        content=content,
        source=_source_range(doc, source) if source is not None else None,
        cue_lemma=cue.lemma_.lower(),
        cue_token=cue.i,
        source_token=source.i if source is not None else None,
        content_token=content_head.i if content_head is not None else None,
    )
