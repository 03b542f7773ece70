"""PolNeAR attribution relations (brat standoff) and span metrics for source, cue and content.

Layout: ``DIR/text/NAME.txt`` and ``DIR/attributions/NAME_ANNOTATOR.ann``; when a text has
several annotators' files the sorted-first one is used. A relation line
``E1\\tAttribution:T4 Content:T3 Cue:T2 Source:T1`` links text-bound annotations
``T3\\tContent 10 20;30 40\\t...`` (discontinuous spans are lists of fragments).

Scores: precision, recall and F1 per role, ``exact`` (same characters after trimming white
space and punctuation from each fragment) and ``overlap`` (character IoU >= 0.5), each gold and
predicted span matched at most once. Spans are deduplicated per document and role first.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verifier.errors import UserError

log = logging.getLogger(__name__)

ROLES = ("source", "cue", "content")
IOU_THRESHOLD = 0.5

Fragments = tuple[tuple[int, int], ...]

_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t|$)")
_RELATION = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(frozen=True)
class Attribution:
    """One attribution relation: character fragments of its source (if any), cue and content."""

    source: Fragments | None
    cue: Fragments
    content: Fragments

    def role(self, name: str) -> Fragments | None:
        value: Fragments | None = getattr(self, name)
        return value


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    gold: tuple[Attribution, ...]


def parse_ann(text: str) -> list[Attribution]:
    """Attribution relations of one brat ``.ann`` file (relations without a cue are skipped)."""
    spans: dict[str, Fragments] = {}
    relations: list[str] = []
    for line in text.splitlines():
        bound = _TEXT_BOUND.match(line)
        if bound:
            fragments = tuple(
                (int(a), int(b)) for a, b in (part.split() for part in bound.group(3).split(";"))
            )
            if any(a > b for a, b in fragments):
                raise UserError(f"bad brat span in line: {line[:60]!r}")
            spans[bound.group(1)] = fragments
            continue
        relation = _RELATION.match(line)
        if relation:
            relations.append(relation.group(2))
    out: list[Attribution] = []
    for args in relations:
        roles: dict[str, Fragments] = {}
        for arg in args.split():
            role, _, ref = arg.partition(":")
            if ref in spans:
                roles[role.lower()] = spans[ref]
        if "cue" in roles and "content" in roles:
            out.append(Attribution(roles.get("source"), roles["cue"], roles["content"]))
    return out


def read_split(directory: str | Path) -> list[Document]:
    """The texts of a PolNeAR split folder with one annotator's relations each."""
    root = Path(directory)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise UserError(f"{root} must contain text/ and attributions/ folders (PolNeAR layout)")
    annotations: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        annotations.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    docs: list[Document] = []
    for path in sorted(text_dir.glob("*.txt")):
        files = annotations.get(path.stem)
        if not files:
            log.debug("no annotations for %s; skipped", path.name)
            continue
        text = path.read_text(encoding="utf-8")
        gold = parse_ann(files[0].read_text(encoding="utf-8"))
        for attribution in gold:
            for role in ROLES:
                fragments = attribution.role(role)
                if fragments and fragments[-1][1] > len(text):
                    raise UserError(f"{files[0].name}: span beyond the end of {path.name}")
        docs.append(Document(path.stem, text, tuple(gold)))
    if not docs:
        raise UserError(f"no annotated texts in {root}")
    return docs


def _is_trimmable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def trim(text: str, fragments: Fragments) -> Fragments:
    """Fragments without white space and punctuation at their edges, empty ones dropped, sorted
    and merged where they overlap."""
    out = []
    for start, end in fragments:
        while start < end and _is_trimmable(text[start]):
            start += 1
        while end > start and _is_trimmable(text[end - 1]):
            end -= 1
        if start < end:
            out.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(out):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _length(fragments: Fragments) -> int:
    return sum(b - a for a, b in fragments)


def iou(a: Fragments, b: Fragments) -> float:
    """Character intersection over union of two fragment lists (each non-overlapping)."""
    inter = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)
    union = _length(a) + _length(b) - inter
    return inter / union if union else 0.0


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0


def _match(gold: Sequence[Fragments], predicted: Sequence[Fragments]) -> tuple[int, int]:
    """(exact matches, IoU matches), each one to one; overlap matching is greedy by IoU."""
    exact = len(set(gold) & set(predicted))
    pairs = sorted(
        ((iou(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for score, i, j in pairs:
        if score < IOU_THRESHOLD:
            break
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return exact, len(used_g)


def _unique(text: str, spans: Iterable[Fragments | None]) -> list[Fragments]:
    seen: dict[Fragments, None] = {}
    for fragments in spans:
        if fragments:
            trimmed = trim(text, fragments)
            if trimmed:
                seen.setdefault(trimmed, None)
    return list(seen)


def count(
    text: str, gold: Iterable[Attribution], predicted: Iterable[Attribution]
) -> dict[str, Counts]:
    """Per-role counts for one document."""
    gold, predicted = list(gold), list(predicted)
    out: dict[str, Counts] = {}
    for role in ROLES:
        g = _unique(text, (a.role(role) for a in gold))
        p = _unique(text, (a.role(role) for a in predicted))
        exact, overlap = _match(g, p)
        out[role] = Counts(len(g), len(p), exact, overlap)
    return out


def _prf(hits: int, predicted: int, gold: int) -> dict[str, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def score(docs: Sequence[Document], predictions: Sequence[Sequence[Attribution]]) -> dict[str, Any]:
    """Micro-averaged scores over documents: per role exact and overlap P/R/F1, plus counts."""
    if len(docs) != len(predictions):
        raise ValueError("one prediction list per document is required")
    totals = {role: Counts() for role in ROLES}
    for doc, predicted in zip(docs, predictions, strict=True):
        for role, c in count(doc.text, doc.gold, predicted).items():
            t = totals[role]
            t.gold += c.gold
            t.predicted += c.predicted
            t.exact += c.exact
            t.overlap += c.overlap
    result: dict[str, Any] = {}
    for role, t in totals.items():
        result[role] = {
            "exact": _prf(t.exact, t.predicted, t.gold),
            "overlap": _prf(t.overlap, t.predicted, t.gold),
        }
    result["gold"] = sum(len(d.gold) for d in docs)
    result["predicted"] = sum(len(p) for p in predictions)
    result["documents"] = len(docs)
    return result


_PARAGRAPH = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Non-blank lines of ``text`` with their start offsets (PolNeAR has one paragraph a line)."""
    return [(m.start(), m.group()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def parse(
    docs: Sequence[Document], nlp: Any, cache_dir: Path | None = None
) -> list[list[tuple[int, Any]]]:
    """spaCy parses of each document's paragraphs as ``(offset, Doc)``, cached as a DocBin.

    The cache key is the texts and the pipeline's name and version, so a changed split or model
    parses again. Keep caches out of the repository (e.g. under /tmp).
    """
    import hashlib

    from spacy.tokens import DocBin

    key = hashlib.sha1(f"{nlp.meta.get('name')}{nlp.meta.get('version')}".encode())
    for doc in docs:
        key.update(doc.text.encode("utf-8"))
    cache = cache_dir / f"polnear-{key.hexdigest()[:16]}.spacy" if cache_dir else None
    chunks = [paragraphs(doc.text) for doc in docs]
    flat = [text for chunk in chunks for _, text in chunk]
    if cache is not None and cache.is_file():
        parsed = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        log.info("loaded %d cached paragraph parses from %s", len(parsed), cache)
    else:
        parsed = list(nlp.pipe(flat, batch_size=64))
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            DocBin(store_user_data=False, docs=parsed).to_disk(cache)
    out: list[list[tuple[int, Any]]] = []
    it = iter(parsed)
    for chunk in chunks:
        out.append([(offset, next(it)) for offset, _ in chunk])
    return out


def predict(parsed: Sequence[Sequence[tuple[int, Any]]], finder: Any) -> list[list[Attribution]]:
    """Attributions the attribution finder finds, per document."""
    from verifier.attribution.found import quotations

    out: list[list[Attribution]] = []
    for paragraphs_ in parsed:
        found: list[Attribution] = []
        running: int | None = None  # the attribution whose quotation runs on past its paragraph
        for offset, doc in paragraphs_:
            regions, opened = quotations(doc.text)
            finds = finder.find(doc)
            if opened is not None:
                regions.append((opened, len(doc.text) + 1))
            carried, running = running, None
            first = _opening_quote(doc.text, regions, finds)
            if carried is not None and first is not None:  # a quotation resumed from before
                last = found[carried]
                resumed = ((first[0] + offset + 1, first[1] + offset - 1),)
                found[carried] = Attribution(last.source, last.cue, last.content + resumed)
                if first[0] == opened:
                    running = carried
            for f in finds:
                content = tuple((a + offset, b + offset) for a, b in f.content)
                cue = ((f.cue[0] + offset, f.cue[1] + offset),)
                same = [i for i, a in enumerate(found) if a.cue == cue]
                if f.continued and same:  # a continued quote extends its speaker's content
                    last = found[same[-1]]
                    found[same[-1]] = Attribution(last.source, last.cue, last.content + content)
                    continue
                if opened is not None and f.content[-1][1] > opened:
                    running = len(found)
                found.append(
                    Attribution(
                        source=((f.source[0] + offset, f.source[1] + offset),)
                        if f.source
                        else None,
                        cue=cue,
                        content=content,
                    )
                )
        out.append(found)
    return out


def _opening_quote(
    text: str, regions: Sequence[tuple[int, int]], finds: Sequence[Any]
) -> tuple[int, int] | None:
    """The quotation a paragraph opens with, unless a cue outside quotes comes before its end."""
    first = min(regions, default=None)
    if first is None or text[: first[0]].strip():
        return None
    for f in finds:
        inside = any(a < f.cue[0] and f.cue[1] < b for a, b in regions)
        if f.cue[0] < first[1] and not inside:
            return None
    return first
