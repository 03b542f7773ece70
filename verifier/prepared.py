"""What a check works out over the whole corpus, done once per corpus version.

Before its first search a check needs every corpus report's lead entities (spaCy NER: about
11 ms a report, 17.5 s at 1,598 reports) and the corpus's near-duplicate groups. Both depend
only on the corpus, so :func:`prepared_corpus` keeps them per store file and version
(:meth:`CorpusIndex.version`): in the process, for the review app's next article, and in a
file next to the store (``corpus.db.prepared-<version>.npz``, arrays and a JSON header, read
without pickle), for the next ``verifier check``. A file that cannot be read is worked out
again; an older version's file is removed when a new one is written.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from verifier.judge.facts import CorpusFacts, FactFinder
from verifier.read.duplicates import BANDS, DuplicateIndex, duplicate_index

if TYPE_CHECKING:
    from verifier.retrieval.index import CorpusIndex

log = logging.getLogger(__name__)

FORMAT = 1  # of the file's JSON header


@dataclass(frozen=True)
class PreparedCorpus:
    """A corpus's near-duplicate index and what its reports' leads say."""

    duplicates: DuplicateIndex
    facts: CorpusFacts


_KEPT: dict[tuple[str, str], PreparedCorpus] = {}  # by store file and corpus version
_LOCK = threading.Lock()


def prepared_corpus(index: CorpusIndex, facts: FactFinder) -> PreparedCorpus:
    """The corpus's :class:`PreparedCorpus`: kept from an earlier check of the same store and
    version (``facts`` adopts it), else worked out with ``facts`` (which then holds it) and
    kept. In-memory stores are worked out every time."""
    if index.store is None:
        return _work_out(index, facts)
    version = index.version()
    key = (str(index.store), version)
    with _LOCK:
        kept = _KEPT.get(key)
    if kept is None:
        kept = _read(_path(index.store, version), version)
    if kept is not None:
        facts.adopt(kept.facts)
    else:
        kept = _work_out(index, facts)
        _write(kept, index.store, version)
    with _LOCK:
        _KEPT.clear()  # one corpus at a time: a store's new version replaces the old
        _KEPT[key] = kept
    return kept


def _work_out(index: CorpusIndex, facts: FactFinder) -> PreparedCorpus:
    corpus = index.reports()
    duplicates = duplicate_index(corpus)
    facts.read_leads(corpus)
    return PreparedCorpus(duplicates, facts.snapshot())


def _path(store: Path, version: str) -> Path:
    return store.with_name(f"{store.name}.prepared-{version[:16]}.npz")


def _write(prepared: PreparedCorpus, store: Path, version: str) -> None:
    """Write the file for this version (to a temporary name, then renamed) and remove older
    versions' files; a failure to write only costs the next check the time to work it out."""
    path = _path(store, version)
    dup, facts = prepared.duplicates, prepared.facts
    header = {
        "format": FORMAT,
        "version": version,
        "ids": list(dup.ids),
        "groups": dup.groups,
        "threshold": dup.threshold,
        "leads": {rid: [list(p), list(a)] for rid, (p, a) in facts.leads.items()},
        "outlets": sorted(facts.outlets),
        "lower": dict(facts.lower),
        "places": sorted(facts.places),
        "actors": sorted(facts.actors),
    }
    raw = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as file:
            np.savez(file, header=raw, keys=dup.keys)
        os.replace(temporary, path)
        for old in store.parent.glob(f"{store.name}.prepared-*.npz"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        log.warning("could not keep the corpus preparation in %s: %s", path, exc)


def _read(path: Path, version: str) -> PreparedCorpus | None:
    """The file's contents, or None when it is absent or cannot be read as written here."""
    try:
        with np.load(path, allow_pickle=False) as data:
            header: dict[str, Any] = json.loads(data["header"].tobytes())
            keys = np.asarray(data["keys"], dtype=np.uint64)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as exc:
        log.warning("ignoring %s (%s); working it out again", path, exc)
        return None
    try:
        if header["format"] != FORMAT or header["version"] != version:
            return None
        leads = {rid: (tuple(p), tuple(a)) for rid, (p, a) in header["leads"].items()}
        facts = CorpusFacts(
            leads,
            frozenset(header["outlets"]),
            Counter(header["lower"]),
            frozenset(header["places"]),
            frozenset(header["actors"]),
        )
        ids = tuple(header["ids"])
        groups = [list(g) for g in header["groups"]]
        threshold = float(header["threshold"])
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("ignoring %s (%s); working it out again", path, exc)
        return None
    if keys.shape != (len(ids), BANDS):
        return None
    return PreparedCorpus(DuplicateIndex(ids, keys, groups, threshold), facts)
