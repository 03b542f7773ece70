"""Clean scraped pages: mark each paragraph as body, title, duplicate, related, boilerplate or meta.

Scraped news pages repeat their body, end with headlines of other stories, sign-up and comment
prompts, image credits and "Most read" lists. :func:`segment` marks every paragraph from
structural cues only (marker words, headline-like lines, runs of them, repeats), so it works on
pages it has never seen. Offsets always point into the raw ``report.text``.
"""

from __future__ import annotations

import heapq
import itertools
import operator
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from weakref import WeakKeyDictionary

from verifier.model import Report, Span
from verifier.read.ingest import DATE_MARKER, FRONT_MATTER
from verifier.read.keys import content_words, overlap, shingles
from verifier.read.sentences import split_offsets
from verifier.text import LINE_STOPWORDS, WORD, normalise

KINDS = ("body", "title", "duplicate", "related", "boilerplate", "meta")
BODY_KINDS = frozenset({"body", "title"})

# Section markers that open a list of other stories (the marker line itself is boilerplate).
_RELATED_MARKER = re.compile(
    r"^\W*(read more|read also|also read|also on\b.*|related( articles| stories| coverage| news"
    r"| content| links)?|more (on|from|about) (this|the)\b.*|more (stories|news|headlines)\b.*"
    r"|most (read|popular|viewed|shared)|popular (stories|now)|trending( now| stories)?"
    r"|recommended( for you| stories)?|you (may|might) (also )?like|top (stories|news)"
    r"|latest (news|stories|headlines|videos?)|what to read next|further reading|see also"
    r"|editor'?s picks|in other news|other news|around the web|from the web|sponsored stories)"
    r"\b\W*$"
    r"|^\W*(read more|more|related|in other|other)\b[^.!?]{0,60}:\s*$",
    re.IGNORECASE,
)
# A related link inline: "READ MORE: Some headline", "Related Coverage Some headline", "► ...".
_INLINE_RELATED = re.compile(
    r"^\W*(read more|read also|also read|related|see also|more|watch|listen|story|video|photos?"
    r"|gallery|slideshow|raw)\s*[:|>»]\s*\S"
    r"|^\W*related (coverage|content|stories|articles|links?)\s+\S"
    r"|^\s*[+►»▶]\s*\S",
    re.IGNORECASE,
)
# Lines that start like page furniture: credits, prompts, ads, sharing, copyright.
_BOILER_START = re.compile(
    r"^\W*(image|photo|photograph|picture|pictured|file photo|video|caption|credit|source"
    r"|illustration|graphic)\s*[:|/-]"
    r"|^\W*(advertisement|advertising|sponsored( content)?|promoted|ad)\W*$"
    r"|^\W*(sign (up|in)|log ?in|register|subscribe|newsletter|follow (us|me)|share (this|on)"
    r"|read or share|click here|tap here|download (our|the)|join (us|the conversation)"
    r"|comments?\b|please read our|would you like to comment|be the first to comment"
    r"|view comments|leave a (comment|reply)|copyright|all rights reserved|©|\(c\) ?\d{4}"
    r"|cookies?\b|we use cookies|skip to|jump to|back to top|listen to this article|min read"
    r"|stay (tuned|with)|watch (the |our )?(video|live)|contact \w+( \w+)?:|information from:"
    r"|this material may not be|follow\b|embed\b|contributing:|\(?reporting by|editing by"
    r"|thank you for (registering|subscribing|signing up)|already a subscriber|tune in\b"
    r"|for (more|the latest) (\w+ )?(news|updates|information|stories|coverage)\b|like loading)",
    re.IGNORECASE,
)
# Words that mark page furniture anywhere in a short line.
_BOILER_ANYWHERE = re.compile(
    r"subscri|newsletter|inbox|javascript|(?<!\w)@\w{2,}"
    r"|\b(sign up|sign in|comment policy|all rights reserved|getty images|advertisement"
    r"|cookie policy|privacy policy|terms of (use|service)|mobile apps?|our apps?|check back"
    r"|developing story|will be updated|contributed to this report|breaking news alert"
    r"|(verification|confirmation) (email|message)|email notifications?|(create|need) an account"
    r"|your (account|profile|e-?mail|notification|inbox|browser|subscription|registration|tweets?)"
    r"|when you tweet|stay (tuned|with|on) \S+ for)\b"
    r"|\b(reuters|afp|ap|epa|getty)\s*/|/\s*(reuters|afp|ap|epa|getty)\b|©",
    re.IGNORECASE,
)
# Contact details: links, e-mail addresses (in lines up to 25 words), phone numbers (up to 8).
_LINK = re.compile(r"https?://|www\.|\S@\S+\.[a-z]{2,}", re.IGNORECASE)
_PHONE = re.compile(r"\(?\b\d{3}\)?[ .-]?\d{3}-\d{4}\b")
# Gallery captions: "Image 3 of 17 ...".
_GALLERY = re.compile(r"^\W*(image|photo|slide|picture) \d+ of \d+", re.IGNORECASE)
# A wire dateline opening a lede: "CHICAGO -- ", "BAMAKO (Reuters) - ".
_LEDE_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(\([\w ]+\) )?\s*(--|—|–|-) ")
# A sentence ending inside a line (not after an initial such as "U.S." or "Mr.").
_INNER_SENTENCE_END = re.compile(r"[a-z]{2,}[.!?][\"'”’]?\s+[A-Z\"“‘]")
# A photo credit closing a caption: "(Photo: X)", "(Family photo/WFLA)", "(Jane Doe, Staff)".
_CREDIT_END = re.compile(
    r"\((?:[^()]*\b(?:photos?|staff|courtesy|file|getty images|ap photo)\b[^()]*"
    r"|\s*[A-Za-z][\w .]*/[A-Za-z][\w .]*)\)\s*$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^\W*(published|updated|posted|last updated|first published)\b[^.]{0,80}$", re.IGNORECASE
)
_DATE_WORD_LIST = (
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
    "august september october november december mon tue tues wed thu thur thurs fri sat sun "
    "monday tuesday wednesday thursday friday saturday sunday am pm a m p at on est edt cst cdt "
    "pst pdt gmt utc bst cet cest"
)
_DATE_WORDS = frozenset(_DATE_WORD_LIST.split())
_SITE_SUFFIX = re.compile(r"\s+(?:\||-|–|—|::|•)\s+")
_BYLINE = re.compile(r"^\W*by\s+[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){0,4}\W*$")
_MD_HEADING_MARK = re.compile(r"(#{1,6})[ \t]+")
_LIST_OR_HEADING = re.compile(r"^\s*([-*+•]|#+|\d+[.)])\s")
_TERMINAL = re.compile(r"[.!?:;…][^\w\s]*$")


_SHORT_LINE_WORDS = 3  # a line this short without final punctuation is page furniture
_FURNITURE_MAX_WORDS = 20  # marker words anywhere only count in lines this short
_HEADLINE_MAX_WORDS = 22
_TITLE_OVERLAP = 0.55  # share of a headline's content words found in the body to be its title
_DUPLICATE_JACCARD = 0.8
_MIN_CONTAINED_CHARS = 40
_POSTINGS_KEPT = 16
_MAX_CHECKS = 8
# Soft-wrapped lines stop joining past this size, so a file of lines that all start in lower
# case does not become one paragraph of its own size (one huge parse downstream).
_MAX_PARAGRAPH_CHARS = 5_000
# A longer paragraph (one line of a page, a text without line breaks) is cut into pieces of
# whole sentences: the parser downstream refuses a doc of 1,000,000 characters. Real
# paragraphs stay whole (the longest of 73,138 in the GVA and FNC-1 articles: 13,066).
_MAX_BLOCK_CHARS = 50_000
_SPACE_SEARCH = 1_000  # how far back a sentence longer than that looks for white space


_Para = tuple[str, list[str], set[int]]  # normalised text, its words, its word-bigram hashes


@dataclass(frozen=True)
class Block:
    """A paragraph (or part of one) of a report with its kind."""

    span: Span
    kind: str


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph offsets: one per line (soft-wrapped lines joined), or per hard-wrapped block."""
    out: list[tuple[int, int]] = []
    previous = ""  # the last line of the paragraph being built: only its end matters
    for start, end in _chunks(text):
        lines = [(s, e) for s, e in _lines(text, start, end) if text[s:e].strip()]
        if _is_wrapped(text, lines):
            out.append((lines[0][0], lines[-1][1]))
            previous = text[slice(*lines[-1])].strip()
            continue
        for s, e in lines:
            line = text[s:e].strip()
            if out and _continues(previous, line) and e - out[-1][0] <= _MAX_PARAGRAPH_CHARS:
                out[-1] = (out[-1][0], e)
            else:
                out.append((s, e))
            previous = line
    return [piece for s, e in out for piece in _cut(text, *_trim(text, s, e))]


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most :data:`_MAX_BLOCK_CHARS`: whole sentences,
    and a sentence longer than that cut at white space (or anywhere, if it has none)."""
    if end - start <= _MAX_BLOCK_CHARS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    begin = last = start  # the piece being built is text[begin:last]
    for _, stop in split_offsets(text, start, end):
        if stop - begin > _MAX_BLOCK_CHARS and last > begin:
            pieces.append((begin, last))
            begin = last
        while stop - begin > _MAX_BLOCK_CHARS:
            cut = begin + _MAX_BLOCK_CHARS
            space = next(
                (i for i in range(cut, max(begin, cut - _SPACE_SEARCH), -1) if text[i].isspace()),
                cut,
            )
            pieces.append((begin, space))
            begin = space
        last = stop
    pieces.append((begin, end))
    return [p for p in (_trim(text, a, b) for a, b in pieces) if p[0] < p[1]]


# Marks of the reports alive (equal reports share them): readers, the claim splitter and the
# near-duplicate grouping all segment each report, so a corpus of any size is cleaned once.
_MARKS: WeakKeyDictionary[Report, tuple[tuple[int, int, str], ...]] = WeakKeyDictionary()


def segment(report: Report) -> list[Block]:
    """Mark every paragraph of ``report`` with one of :data:`KINDS`, in text order."""
    marks = _MARKS.get(report)
    if marks is None:
        marks = tuple((b.span.start, b.span.end, b.kind) for b in _segment(report))
        _MARKS[report] = marks
    return [Block(report.span(start, end), kind) for start, end, kind in marks]


def _segment(report: Report) -> list[Block]:
    text = report.text
    pieces: list[tuple[int, int]] = []
    fixed: list[Block] = []  # the date marker or front matter, split off its paragraph
    marker = DATE_MARKER.match(text) or FRONT_MATTER.match(text)
    top_heading: str | None = None  # a Markdown "# " heading opening the text
    if marker:
        meta = _trim(text, 0, marker.end())
        if meta[0] < meta[1]:
            fixed.append(Block(report.span(*meta), "meta"))
    for s, e in paragraphs(text):
        if marker and s < marker.end():
            s, e = _trim(text, max(s, marker.end()), e)
            if s >= e:
                continue
        heading = _MD_HEADING_MARK.match(text, s, e)
        if heading:
            s = heading.end()
            if heading.group(1) == "#" and not pieces:
                top_heading = text[s:e]
        pieces.append((s, e))
    known_title = report.title or top_heading
    kinds: dict[int, str] = {}
    title_at = _find_title(text, pieces, known_title) if known_title else None
    if title_at is not None:  # the title, and what follows it on its line as a paragraph
        index, title_end = title_at
        s, e = pieces[index]
        rest = _trim(text, title_end, e)
        pieces[index : index + 1] = [(s, title_end)] + ([rest] if rest[0] < rest[1] else [])
        kinds[index] = "title"
    lines = [text[s:e] for s, e in pieces]
    _mark_furniture(lines, kinds)
    _mark_headlines(lines, kinds, pick_title=known_title is None)
    _mark_duplicates(lines, kinds)
    blocks = fixed + [
        Block(report.span(s, e), kinds.get(i, "body")) for i, (s, e) in enumerate(pieces)
    ]
    return sorted(blocks, key=lambda b: b.span.start)


def body_spans(report: Report) -> list[Span]:
    """The title (if any) and body paragraphs, each distinct paragraph once, in text order."""
    return [b.span for b in segment(report) if b.kind in BODY_KINDS]


def body_text(report: Report) -> str:
    """The title and body paragraphs joined by newlines (for similarity, not for offsets)."""
    return "\n".join(s.text for s in body_spans(report))


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
    return WORD.findall(line)


def _furniture_kind(line: str) -> str:
    """The kind of a line on its own: meta (datelines), boilerplate (page furniture) or body."""
    stripped = line.strip()
    words = _words(stripped)
    n = len(words)
    if _GALLERY.match(stripped):
        return "boilerplate"
    if (n <= 25 and _LINK.search(stripped)) or (n <= 8 and _PHONE.search(stripped)):
        return "boilerplate"
    if _DATELINE.match(stripped) or (n <= 12 and _is_date_line(stripped, words)):
        return "meta"
    if _BOILER_START.search(stripped) or _BYLINE.match(stripped):
        return "boilerplate" if n <= 40 else "body"
    if n <= _FURNITURE_MAX_WORDS and _BOILER_ANYWHERE.search(stripped):
        return "boilerplate"
    if n <= 40 and _CREDIT_END.search(stripped):
        return "boilerplate"  # a photo caption
    if n <= _SHORT_LINE_WORDS and not _TERMINAL.search(stripped):
        return "boilerplate"
    if _is_junk(stripped, words):
        return "boilerplate"
    return "body"


def _is_date_line(line: str, words: list[str]) -> bool:
    """A line holding only a date or a time: "July 8, 2013 10:52 AM", "12:30 p.m."."""
    if not all(w.isdigit() or w.lower().rstrip(".") in _DATE_WORDS for w in words):
        return False
    has_name = any(not w.isdigit() for w in words)
    return has_name or bool(re.search(r"\d:\d\d", line))


def _is_junk(line: str, words: list[str]) -> bool:
    """Hashtag lists, shouting banners, markup leftovers."""
    tokens = line.split()
    if tokens and all(t.startswith(("#", "@")) for t in tokens):
        return True
    if line.count("|") >= 2 or any(len(t) > 40 for t in tokens):
        return True
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 0.3 * len(line.replace(" ", "")):
        return True
    return 3 <= len(words) <= _FURNITURE_MAX_WORDS and bool(letters) and line.isupper()


def _continues(previous: str, line: str) -> bool:
    """A line that goes on with the previous one's sentence (a soft line break)."""
    return bool(previous) and not _TERMINAL.search(previous) and line[:1].islower()


def _is_prose(line: str) -> bool:
    """Running text: several words ending a sentence, or holding a sentence end inside."""
    stripped = line.strip()
    return len(_words(stripped)) >= 8 and bool(
        _TERMINAL.search(stripped) or _INNER_SENTENCE_END.search(stripped)
    )


def _mark_furniture(lines: list[str], kinds: dict[int, str]) -> None:
    """Boilerplate and meta lines, and related headlines after a marker such as READ MORE."""
    in_related = False
    for i, line in enumerate(lines):
        if i in kinds:
            continue
        if _RELATED_MARKER.match(line):
            kinds[i] = "boilerplate"
            in_related = True
            continue
        kind = _furniture_kind(line)
        if kind != "body":
            kinds[i] = kind
        elif (in_related or _INLINE_RELATED.match(line)) and not _is_prose(line):
            kinds[i] = "related"
        else:
            in_related = False


def _mark_headlines(lines: list[str], kinds: dict[int, str], *, pick_title: bool) -> None:
    """Headlines of other stories are related; without a known title, the first lone headline
    restating the body becomes the title."""
    heads = [i for i, line in enumerate(lines) if i not in kinds and _is_headline(line)]
    if not heads:
        return
    head_set = set(heads)
    content = [i for i in range(len(lines)) if i not in kinds]
    first_content = content[0] if content else -1

    def isolated(i: int) -> bool:
        skip = ("boilerplate", "meta")
        before = next((j for j in range(i - 1, -1, -1) if kinds.get(j) not in skip), None)
        after = next((j for j in range(i + 1, len(lines)) if kinds.get(j) not in skip), None)
        return before not in head_set and after not in head_set

    body_words = content_words(" ".join(lines[i] for i in content if i not in head_set))
    restating = [
        i
        for i in heads
        if (isolated(i) or i == first_content) and overlap(lines[i], body_words) >= _TITLE_OVERLAP
    ]
    title = restating[0] if pick_title and restating else None
    for i in heads:
        if i == title:
            kinds[i] = "title"
        elif i not in restating:
            kinds[i] = "related"
        # else: a lone subheading restating the story stays body


def _find_title(text: str, pieces: list[tuple[int, int]], title: str) -> tuple[int, int] | None:
    """The first paragraph opening with the known title (or the title without a site suffix):
    its index and where the title ends in ``text``."""
    keys = [normalise(title).split()]
    parts = _SITE_SUFFIX.split(title)
    if len(parts) > 1 and len(_words(parts[0])) >= 3:
        keys.append(normalise(parts[0]).split())
    for index, (s, e) in enumerate(pieces):
        found = list(itertools.islice(WORD.finditer(text, s, e), max(map(len, keys))))
        words = [normalise(m.group()) for m in found]
        for key in keys:
            if key and words[: len(key)] == key:
                end = found[len(key) - 1].end()
                while end < e and text[end] in "?!.\"'”’)»":
                    end += 1
                return index, end
    return None


def _is_headline(line: str) -> bool:
    """A headline-like line: a few words, capitalised, without final punctuation."""
    stripped = line.strip()
    words = _words(stripped)
    if not _SHORT_LINE_WORDS < len(words) <= _HEADLINE_MAX_WORDS or _TERMINAL.search(stripped):
        return False
    if words[-1].lower() in LINE_STOPWORDS or _LEDE_DATELINE.match(stripped):
        return False  # a sentence cut at a line break, or a lede: not a headline
    if _INNER_SENTENCE_END.search(stripped):
        return False
    first = stripped[0]
    return first.isupper() or first.isdigit() or first in "\"'‘“"


def _mark_duplicates(lines: list[str], kinds: dict[int, str]) -> None:
    """A body or title paragraph already seen (near-identical counts) is a duplicate. Earlier
    paragraphs come from a bigram index (:func:`_candidates`), so the work grows linearly."""
    seen: list[_Para] = []
    exact: set[str] = set()
    postings: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if kinds.get(i, "body") not in BODY_KINDS:
            continue
        norm = normalise(line)
        para = (norm, norm.split(), shingles(norm, 2))
        candidates = _candidates(para, seen, postings)
        if norm in exact or any(_is_repeat(para, seen[j]) for j in candidates):
            kinds[i] = "duplicate"
            continue
        exact.add(norm)
        for gram in para[2]:
            kept = postings.setdefault(gram, [])
            if len(kept) < _POSTINGS_KEPT:
                kept.append(len(seen))
        seen.append(para)


def _candidates(para: _Para, seen: list[_Para], postings: dict[int, list[int]]) -> list[int]:
    """At most :data:`_MAX_CHECKS` earlier paragraphs that may be ``para``'s original, most
    shared bigrams first. A repeat shares at least half of ``para``'s bigrams (Jaccard >= 0.5),
    or all but the two at its ends (contained, end words glued to others). Each bigram indexes
    its first :data:`_POSTINGS_KEPT` paragraphs (an original comes first); a full entry counts
    as possibly shared, so the cut never hides an original."""
    grams = para[2]
    full = sum(1 for gram in grams if len(postings.get(gram, ())) >= _POSTINGS_KEPT)
    need = min(len(grams) - 2, (len(grams) + 1) // 2) - full
    shared = Counter(itertools.chain.from_iterable(map(postings.get, grams, itertools.repeat(()))))
    best = heapq.nlargest(_MAX_CHECKS, zip(shared.values(), map(operator.neg, shared), strict=True))
    return [-j for count, j in best if count >= need]  # the best of those sharing enough


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
