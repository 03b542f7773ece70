"""Token features of the learned attribution tagger (shared by training and tagging).

Two sequence labellers work on one spaCy sentence at a time: the cue tagger labels cue tokens
(``B-CUE`` / ``I-CUE`` / ``O``); the role tagger, given one cue, labels each token of the cue's
sentence as source (``S``), content (``C``), the cue itself (``Q``) or nothing (``O``). The
tree rules of :mod:`.finder` enter as features: whether the rules find a content for a verb,
and the role the rules give a token for the cue at hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from verifier.attribution.found import Found, Quotes

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_CLAUSAL = frozenset({"ccomp", "xcomp", "parataxis"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_QUOTE_MARKS = frozenset({'"', "“", "”", "''", "``", "«", "»", "„", "'"})


def _shape(token: Token) -> str:
    if token.is_punct:
        return token.text if token.text in _QUOTE_MARKS or len(token.text) == 1 else "punct"
    if token.like_num:
        return "num"
    return "cap" if token.text[:1].isupper() else "low"


ROLE_WINDOW = 100  # tokens either side of a cue the role tagger sees in a run-on sentence


def quoted_tokens(sent: Span, quotes: Quotes) -> list[bool]:
    """Per token of ``sent``: inside a quotation (quote marks included)."""
    return [quotes.inside(t.idx) for t in sent]


def role_span(sent: Span, cue: tuple[int, int]) -> Span:
    """The part of ``sent`` the role tagger labels for the cue tokens ``[cue[0], cue[1])``:
    all of it, or :data:`ROLE_WINDOW` tokens either side in a run-on sentence."""
    doc = sent.doc
    return doc[max(sent.start, cue[0] - ROLE_WINDOW) : min(sent.end, cue[1] + ROLE_WINDOW)]


def cue_features(
    sent: Span, quoted: Sequence[bool], rule_content: Sequence[bool]
) -> list[list[str]]:
    """Features of every token of ``sent`` for the cue tagger."""
    toks = list(sent)
    base = []
    for t in toks:
        base.append((t.lower_, t.lemma_.lower(), t.pos_))
    out: list[list[str]] = []
    for k, t in enumerate(toks):
        lower, lemma, pos = base[k]
        deps = sorted({c.dep_ for c in t.children})
        clausal = [d for d in deps if d in _CLAUSAL] or ["none"]
        subject = next((c for c in t.children if c.dep_ in _SUBJECTS), None)
        subject_kind = "none" if subject is None else (subject.ent_type_ or subject.pos_)
        head = t.head
        f = [
            f"w={lower}",
            f"l={lemma}",
            f"p={pos}",
            f"t={t.tag_}",
            f"d={t.dep_}",
            f"s={_shape(t)}",
            f"hd={head.dep_}",
            f"hl={head.lemma_.lower()}",
            f"hp={head.pos_}",
            f"ld={lemma}|{t.dep_}",
            f"lp={lemma}|{pos}",
            f"lh={lemma}|{head.lemma_.lower()}",
            f"q={quoted[k]}",
            f"lq={lemma}|{quoted[k]}",
            f"e={t.ent_iob_}{t.ent_type_}",
            f"sk={subject_kind}",
            f"ls={lemma}|{subject_kind}",
            f"rc={rule_content[k]}",
            f"lrc={lemma}|{rule_content[k]}",
            f"pd={pos}|{t.dep_}",
            f"lc={lemma}|{'_'.join(deps)}",
        ]
        f.extend(f"c={d}" for d in deps)
        f.extend(f"lcl={lemma}|{d}" for d in clausal)
        f.extend(f"pcl={pos}|{d}" for d in clausal)
        if subject is not None:
            f.append(f"sl={subject.lemma_.lower()}")
        if head.i < t.i and t.dep_ in _CLAUSAL:
            f.append("trailing")
        for d in (-2, -1, 1, 2):
            j = k + d
            if 0 <= j < len(toks):
                f.append(f"{d}w={base[j][0]}")
                f.append(f"{d}p={base[j][2]}")
            else:
                f.append(f"{d}w=<edge>")
        if k > 0:
            f.append(f"-1l|l={base[k - 1][1]}|{lemma}")
        if k + 1 < len(toks):
            f.append(f"l|1l={lemma}|{base[k + 1][1]}")
        out.append(f)
    return out


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 6:
        return "4-6"
    if n <= 12:
        return "7-12"
    return "13+"


def _relation(token: Token, chain: dict[int, int]) -> tuple[int, str, int]:
    """(steps from the cue up to the lowest common ancestor, the dependency label under it on
    the token's side, the token's depth below it); -1 steps when unconnected."""
    labels: list[str] = []
    x = token
    while x.i not in chain:
        labels.append(x.dep_)
        if x.head.i == x.i or len(labels) > 40:
            return -1, "none", 0
        x = x.head
    return chain[x.i], labels[-1] if labels else "self", len(labels)


def role_features(
    sent: Span,
    cue: tuple[int, int],
    head: Token,
    quoted: Sequence[bool],
    rule: Found | None,
) -> list[list[str]]:
    """Features of every token of ``sent`` for the role tagger, given the cue tokens
    ``[cue[0], cue[1])`` with head ``head`` and the rules' attribution for that cue."""
    chain: dict[int, int] = {}
    x, steps = head, 0
    while x.i not in chain:
        chain[x.i] = steps
        steps += 1
        x = x.head
    cue_lemma = head.lemma_.lower()
    cue_pos = head.pos_
    toks = list(sent)
    out: list[list[str]] = []
    for k, t in enumerate(toks):
        if cue[0] <= t.i < cue[1]:
            side, dist = "in", 0
        elif t.i < cue[0]:
            side, dist = "before", cue[0] - t.i
        else:
            side, dist = "after", t.i - cue[1] + 1
        up, branch, depth = _relation(t, chain)
        rel = f"{min(up, 3)}:{branch}"
        role = _rule_role(t, rule)
        pos, dep = t.pos_, t.dep_
        f = [
            f"side={side}",
            f"dist={side}{_bucket(dist)}",
            f"rel={rel}",
            f"relside={rel}|{side}",
            f"relpos={rel}|{pos}",
            f"depth={min(depth, 5)}",
            f"up={up}",
            f"rule={role}",
            f"ruleside={role}|{side}",
            f"rulerel={role}|{rel}",
            f"w={t.lower_}",
            f"p={pos}",
            f"d={dep}",
            f"t={t.tag_}",
            f"s={_shape(t)}",
            f"e={t.ent_iob_}{t.ent_type_}",
            f"q={quoted[k]}",
            f"qside={quoted[k]}|{side}",
            f"pside={pos}|{side}",
            f"dside={dep}|{side}",
            f"cl={cue_lemma}|{side}",
            f"cp={cue_pos}|{side}",
            f"cpr={cue_pos}|{rel}",
            f"hd={head.dep_}|{rel}",
        ]
        if up == 0 and branch == "prep":
            f.append(f"prep={_child_under(t, head).lower_}|{side}")
        for d in (-1, 1):
            j = k + d
            if 0 <= j < len(toks):
                f.append(f"{d}w={toks[j].lower_}")
                f.append(f"{d}p={toks[j].pos_}")
                f.append(f"{d}rule={_rule_role(toks[j], rule)}")
            else:
                f.append(f"{d}w=<edge>")
        out.append(f)
    return out


def _child_under(token: Token, head: Token) -> Token:
    """The child of ``head`` whose subtree holds ``token``."""
    x = token
    while x.head.i != head.i and x.head.i != x.i:
        x = x.head
    return x


def _rule_role(token: Token, rule: Found | None) -> str:
    if rule is None:
        return "none"
    start, end = token.idx, token.idx + len(token)
    if rule.cue[0] <= start and end <= rule.cue[1]:
        return "Q"
    if rule.source and rule.source[0] <= start and end <= rule.source[1]:
        return "S"
    if any(a <= start and end <= b for a, b in rule.content):
        return "C"
    return "O"
