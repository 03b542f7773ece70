"""Clean scraped pages: mark each paragraph as body, title, duplicate, related, boilerplate or meta.

Scraped news pages repeat their body, end with headlines of other stories, sign-up and comment
prompts, image credits and "Most read" lists. :func:`segment` marks every paragraph from
structural cues only (marker words, headline-like lines, runs of them, repeats), so it works on
pages it has never seen. Offsets always point into the raw ``report.text``.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from verifier.ingest import DATE_MARKER
from verifier.model import Report, Span

KINDS = ("body", "title", "duplicate", "related", "boilerplate", "meta")
BODY_KINDS = frozenset({"body", "title"})

# Section markers that open a list of other stories (the marker line itself is boilerplate).
_RELATED_MARKER = re.compile(
    r"^\W*(read more|read also|also read|related( articles| stories| coverage| news| content)?"
    r"|more (on|from|about) (this|the)\b.*|more stories|most (read|popular|viewed|shared)"
    r"|trending( now)?|recommended( for you)?|you (may|might) (also )?like|top stories"
    r"|latest (news|stories|videos?)|what to read next|further reading|see also|editor'?s picks)"
    r"\b\W*$",
    re.IGNORECASE,
)
# A related link inline: "READ MORE: Some headline", "Related: ...".
_INLINE_RELATED = re.compile(
    r"^\W*(read more|read also|also read|related|see also|watch|listen)\s*[:|>-]", re.IGNORECASE
)
# Lines that start like page furniture: credits, prompts, ads, bylines, sharing.
_BOILER_START = re.compile(
    r"^\W*(image|photo|photograph|picture|pictured|file photo|video|caption|credit|source"
    r"|illustration|graphic)\s*[:|/-]"
    r"|^\W*(advertisement|advertising|sponsored( content)?|promoted|ad)\W*$"
    r"|^\W*(sign (up|in)|log ?in|register|subscribe|newsletter|follow us|share (this|on)"
    r"|click here|tap here|download (our|the) app|join (us|the conversation)|comments?\b"
    r"|please read our|would you like to comment|be the first to comment|view comments"
    r"|leave a (comment|reply)|copyright|all rights reserved|©|\(c\) ?\d{4}|cookies?\b"
    r"|we use cookies|skip to|jump to|back to top|listen to this article|min read)",
    re.IGNORECASE,
)
# Words that mark page furniture anywhere in a short line.
_BOILER_ANYWHERE = re.compile(
    r"subscri|newsletter|inbox|\b(sign up|sign in|comment policy|all rights reserved"
    r"|getty images|advertisement|cookie policy|privacy policy|terms of (use|service))\b"
    r"|\b(reuters|afp|ap|epa|getty)\s*/|/\s*(reuters|afp|ap|epa|getty)\b|©",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^\W*(published|updated|posted|last updated|first published)\b[^.]{0,60}$", re.IGNORECASE
)
_BYLINE = re.compile(r"^\W*by\s+[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){0,4}\W*$")
_MD_HEADING_MARK = re.compile(r"(#{1,6})[ \t]+")
_LIST_OR_HEADING = re.compile(r"^\s*([-*+•]|#+|\d+[.)])\s")
_TERMINAL = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_WORD = re.compile(r"\w+(?:['’]\w+)*")

_STOPWORD_LIST = (
    "a an the of to in on at for by with from and or but as is are was were be been has have "
    "had its it this that after before over into about says said say he she they their his "
    "her who which than more not will would could"
)
_STOPWORDS = frozenset(_STOPWORD_LIST.split())

_SHORT_LINE_WORDS = 3  # a line this short without final punctuation is page furniture
_FURNITURE_MAX_WORDS = 14  # marker words anywhere only count in lines this short
_HEADLINE_MAX_WORDS = 22
_TITLE_OVERLAP = 0.55  # share of a headline's content words found in the body to be its title
_DUPLICATE_JACCARD = 0.8
_MIN_CONTAINED_CHARS = 40


_Para = tuple[str, list[str], set[int]]  # normalised text, its words, its word-bigram hashes


@dataclass(frozen=True)
class Block:
    """A paragraph (or part of one) of a report with its kind."""

    span: Span
    kind: str


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph offsets: one per line, or one per blank-line block of hard-wrapped lines."""
    out: list[tuple[int, int]] = []
    for start, end in _chunks(text):
        lines = [(s, e) for s, e in _lines(text, start, end) if text[s:e].strip()]
        if _is_wrapped(text, lines):
            out.append((lines[0][0], lines[-1][1]))
        else:
            out.extend(lines)
    return [_trim(text, s, e) for s, e in out]


def segment(report: Report) -> list[Block]:
    """Mark every paragraph of ``report`` with one of :data:`KINDS`, in text order."""
    text = report.text
    paras: list[tuple[int, int]] = []
    kinds: dict[int, str] = {}
    marker = DATE_MARKER.match(text)
    blocks_meta: list[Block] = []
    top_heading: str | None = None  # a Markdown "# " heading opening the text
    for s, e in paragraphs(text):
        if marker and s < marker.end() <= e:
            blocks_meta.append(Block(report.span(*_trim(text, s, marker.end())), "meta"))
            s, e = _trim(text, marker.end(), e)
            if s >= e:
                continue
        heading = _MD_HEADING_MARK.match(text, s, e)
        if heading and heading.group(1) == "#" and not paras:
            top_heading = text[heading.end() : e]
        paras.append((heading.end() if heading else s, e))
    lines = [text[s:e] for s, e in paras]
    _mark_furniture(lines, kinds)
    _mark_headlines(lines, kinds, report.title or top_heading)
    _mark_duplicates(lines, kinds)
    blocks = blocks_meta + [
        Block(report.span(s, e), kinds.get(i, "body")) for i, (s, e) in enumerate(paras)
    ]
    return sorted(blocks, key=lambda b: b.span.start)


def body_spans(report: Report) -> list[Span]:
    """The title (if any) and body paragraphs, each distinct paragraph once, in text order."""
    return [b.span for b in segment(report) if b.kind in BODY_KINDS]


def body_text(report: Report) -> str:
    """The title and body paragraphs joined by newlines (for similarity, not for offsets)."""
    return "\n".join(s.text for s in body_spans(report))


def near_duplicate_groups(reports: Sequence[Report], threshold: float = 0.8) -> list[list[str]]:
    """Groups (two or more ids) of reports that are copies of one story, e.g. syndicated wire copy.

    Similarity is the Jaccard index of word 4-gram shingles of the cleaned body, so outlet
    headers, footers and related lists do not count; a short copy wholly contained in a longer
    one (overlap >= 0.9 of the shorter, at least 20 shingles) also counts. Candidates come from
    MinHash banding, then the exact similarity decides. Groups and ids are sorted.
    """
    ids = list(dict.fromkeys(r.id for r in reports))
    by_id = {r.id: r for r in reports}
    shingles = [_shingles(body_text(by_id[i])) for i in ids]
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in _candidate_pairs(shingles):
        if find(a) != find(b) and _similar(shingles[a], shingles[b], threshold):
            parent[find(a)] = find(b)
    groups: dict[int, list[str]] = {}
    for i, rid in enumerate(ids):
        groups.setdefault(find(i), []).append(rid)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


# --- paragraph splitting ----------------------------------------------------------------------


def _chunks(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"\n[ \t\r\f\v]*\n", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in re.finditer(r"\r\n|\n|\r|\u2028|\u2029", text[start:end]):
        yield pos, start + m.start()
        pos = start + m.end()
    yield pos, end


def _is_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Hard-wrapped prose: several lines, no list items, ends a sentence, few inner line ends."""
    if len(lines) < 2:
        return False
    strings = [text[s:e].strip() for s, e in lines]
    if any(_LIST_OR_HEADING.match(t) for t in strings):
        return False
    if not _TERMINAL.search(strings[-1]) or max(len(t) for t in strings) > 120:
        return False
    inner_ends = sum(1 for t in strings[:-1] if _TERMINAL.search(t))
    return inner_ends * 3 <= len(strings) - 1 and min(len(t) for t in strings[:-1]) >= 30


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- classification ---------------------------------------------------------------------------


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _is_furniture(line: str) -> bool:
    n = len(_words(line))
    if _BOILER_START.search(line) or _DATELINE.match(line) or _BYLINE.match(line):
        return n <= 30
    if n <= _FURNITURE_MAX_WORDS and _BOILER_ANYWHERE.search(line):
        return True
    return n <= _SHORT_LINE_WORDS and not _TERMINAL.search(line.strip())


def _is_headline(line: str) -> bool:
    """A headline-like line: a few words, capitalised, without final punctuation."""
    stripped = line.strip().lstrip("#").strip()
    words = _words(stripped)
    if not _SHORT_LINE_WORDS < len(words) <= _HEADLINE_MAX_WORDS or _TERMINAL.search(stripped):
        return False
    first = stripped[0]
    return first.isupper() or first.isdigit() or first in "\"'‘“"


def _is_prose(line: str) -> bool:
    return len(_words(line)) >= 8 and bool(_TERMINAL.search(line.strip()))


def _mark_furniture(lines: list[str], kinds: dict[int, str]) -> None:
    """Boilerplate lines, and related headlines after a section marker such as READ MORE."""
    in_related = False
    for i, line in enumerate(lines):
        if _RELATED_MARKER.match(line):
            kinds[i] = "boilerplate"
            in_related = True
        elif _INLINE_RELATED.match(line) and not _is_prose(line):
            kinds[i] = "related"
        elif _is_furniture(line):
            kinds[i] = "boilerplate"
        elif in_related and not _is_prose(line):
            kinds[i] = "related"
        else:
            in_related = False


def _mark_headlines(lines: list[str], kinds: dict[int, str], known_title: str | None) -> None:
    """The article's own headline becomes the title; headlines of other stories are related."""
    heads = [i for i, line in enumerate(lines) if i not in kinds and _is_headline(line)]
    if not heads:
        return
    head_set = set(heads)
    content = [i for i in range(len(lines)) if i not in kinds]
    first_content = content[0] if content else -1

    def isolated(i: int) -> bool:
        before = next((j for j in range(i - 1, -1, -1) if kinds.get(j) != "boilerplate"), None)
        after = next((j for j in range(i + 1, len(lines)) if kinds.get(j) != "boilerplate"), None)
        return before not in head_set and after not in head_set

    body_words = _content_words(" ".join(lines[i] for i in content if i not in head_set))
    overlap = {i: _overlap(lines[i], body_words) for i in heads}
    candidates = [i for i in heads if isolated(i) or i == first_content]
    title = _pick_title(lines, candidates, overlap, known_title)
    for i in heads:
        if i == title:
            kinds[i] = "title"
        elif i not in candidates or overlap[i] < _TITLE_OVERLAP:
            kinds[i] = "related"
        # else: a lone subheading restating the story stays body


def _pick_title(
    lines: list[str], candidates: list[int], overlap: dict[int, float], known_title: str | None
) -> int | None:
    """The line equal to the known title, else the first candidate restating the body."""
    if known_title:
        key = _norm(known_title)
        for i in candidates:
            if _norm(lines[i]) == key:
                return i
    return next((i for i in candidates if overlap[i] >= _TITLE_OVERLAP), None)


def _mark_duplicates(lines: list[str], kinds: dict[int, str]) -> None:
    """A body or title paragraph already seen (near-identical counts) is a duplicate."""
    seen: list[_Para] = []
    for i, line in enumerate(lines):
        if kinds.get(i, "body") not in BODY_KINDS:
            continue
        norm = _norm(line)
        para = (norm, norm.split(), _shingles(norm, 2))
        if any(_is_repeat(para, old) for old in seen):
            kinds[i] = "duplicate"
        else:
            seen.append(para)


def _is_repeat(para: _Para, earlier: _Para) -> bool:
    """Equal, contained in the earlier paragraph, or differing by a few words."""
    norm, words, grams = para
    old, old_words, old_grams = earlier
    if norm == old or (len(norm) >= _MIN_CONTAINED_CHARS and norm in old):
        return True
    if len(words) < 4 or not grams or not old_grams:
        return False
    jaccard = len(grams & old_grams) / len(grams | old_grams)
    if jaccard >= _DUPLICATE_JACCARD:
        return True
    return jaccard >= 0.5 and SequenceMatcher(None, words, old_words).ratio() >= 0.9


# --- text keys and similarity -----------------------------------------------------------------


def _norm(text: str) -> str:
    """Lower case, unified quotes and dashes, words separated by single spaces."""
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = folded.translate(str.maketrans("‘’‛`´“”„", "'''''\"\"\"", ""))
    return " ".join(_WORD.findall(folded))


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _content_words(text: str) -> set[str]:
    words = (w.split("'")[0] for w in _norm(text).split())
    return {_stem(w) for w in words if w not in _STOPWORDS and (len(w) > 2 or w.isdigit())}


def _overlap(headline: str, body_words: set[str]) -> float:
    words = _content_words(headline)
    return len(words & body_words) / len(words) if words else 0.0


def _shingles(text: str, k: int = 4) -> set[int]:
    words = _norm(text).split()
    if len(words) < k:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {zlib.crc32(" ".join(words[i : i + k]).encode()) for i in range(len(words) - k + 1)}


def _similar(a: set[int], b: set[int], threshold: float) -> bool:
    if not a or not b:
        return False
    shared = len(a & b)
    if shared / len(a | b) >= threshold:
        return True
    smaller = min(len(a), len(b))
    return smaller >= 20 and shared / smaller >= 0.9


_PERMUTATIONS = 126
_ROWS = 3  # 42 bands of 3 rows: pairs down to Jaccard ~0.3 usually become candidates
_PRIME = (1 << 61) - 1


def _candidate_pairs(shingles: list[set[int]]) -> set[tuple[int, int]]:
    """Index pairs sharing a MinHash band (deterministic seeds)."""
    rng = np.random.default_rng(20250702)
    a = rng.integers(1, 1 << 31, _PERMUTATIONS, dtype=np.uint64)
    b = rng.integers(0, 1 << 31, _PERMUTATIONS, dtype=np.uint64)
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for doc, grams in enumerate(shingles):
        if not grams:
            continue
        x = np.fromiter(grams, dtype=np.uint64, count=len(grams))
        sig = ((np.outer(x, a) + b) % np.uint64(_PRIME)).min(axis=0)
        for band in range(_PERMUTATIONS // _ROWS):
            key = (band, sig[band * _ROWS : (band + 1) * _ROWS].tobytes())
            buckets.setdefault(key, []).append(doc)
    pairs: set[tuple[int, int]] = set()
    for docs in buckets.values():
        for i, first in enumerate(docs):
            pairs.update((first, second) for second in docs[i + 1 :])
    return pairs
