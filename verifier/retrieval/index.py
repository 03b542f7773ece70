"""The corpus index: reports, their sentences and claims in one SQLite file, searched hybrid.

Lexical search is SQLite FTS5 (BM25) over the body sentences; dense search is faiss over the
sentence embeddings (:mod:`.dense`: a persisted faiss file, read on open, plus the sentences
added since); candidates from both are ranked by the exact cosine
similarity plus a weighted, max-normalised BM25 score (measured against reciprocal rank fusion
in docs/retrieval.md). Sentence text is never stored apart from its report: a sentence is a pair of
offsets into ``report.text`` (the FTS5 table is contentless), vectors are float32 blobs.

Adding reports is idempotent: a report whose id and text hash are already stored is skipped, one
whose text changed under the same id is replaced, so re-running on a grown corpus embeds only
what is new. A store records the embedding model it was built with and refuses any other.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path

import numpy as np

from verifier.errors import UserError
from verifier.model import Claim, Report, Span
from verifier.retrieval.dense import StoreVectors
from verifier.retrieval.embed import Embedder, ReusingEmbedder
from verifier.retrieval.records import (
    MIGRATIONS,
    ClaimSource,
    Hit,
    IndexStats,
    Prepared,
    batch_vectors,
    fts_query,
    fuse,
    text_hash,
)
from verifier.store import connect, migrate

log = logging.getLogger(__name__)

BATCH_SENTENCES = 1024  # sentences embedded and written per transaction
RESCORE = 5  # dense candidates proposed per one kept, re-scored with the stored vectors


def _cosine(row: sqlite3.Row, vector: np.ndarray) -> float:
    """Exact cosine of a stored sentence's float32 vector with an L2-normalised query."""
    return float(np.frombuffer(row["vector"], dtype=np.float32) @ vector)


# --- the index ------------------------------------------------------------------------------------


class CorpusIndex:
    """Reports with their sentences, embeddings and claims; hybrid sentence search."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        embedder: Embedder,
        *,
        claim_extractor: ClaimSource | None = None,
        store: Path | None = None,
    ) -> None:
        self.conn = conn
        self.embedder = embedder
        self.store = store  # the file, for the persisted vector index (None: in memory)
        self._claim_extractor = claim_extractor
        self._reports: dict[str, Report] = {}
        self._dense: StoreVectors | None = None
        self._check_model()

    @classmethod
    def open(
        cls,
        path: str | Path,
        embedder: Embedder,
        *,
        claim_extractor: ClaimSource | None = None,
    ) -> CorpusIndex:
        """Open or create the store at ``path`` (``":memory:"`` for a throwaway index)."""
        conn = connect(path)
        try:
            migrate(conn, "corpus", MIGRATIONS)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise UserError(f"store {path} cannot hold a corpus index ({exc})") from exc
        store = None if str(path) == ":memory:" else Path(path).expanduser()
        try:
            return cls(conn, embedder, claim_extractor=claim_extractor, store=store)
        except UserError:
            conn.close()
            raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- metadata ---

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM corpus_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def model_name(self) -> str | None:
        """The embedding model the stored vectors come from (None while empty)."""
        return self._meta("embedding_model")

    def _check_model(self) -> None:
        stored = self.model_name
        if stored is not None and stored != self.embedder.name:
            raise UserError(
                f"this corpus store was built with embedding model {stored!r}, not "
                f"{self.embedder.name!r}; use --model {stored} or another store"
            )

    def _record_model(self) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO corpus_meta (key, value) VALUES ('embedding_model', ?),"
            " ('embedding_dim', ?)",
            (self.embedder.name, str(self.embedder.dim)),
        )

    # --- reading ---

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM sentences").fetchone()[0])

    def report_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM reports").fetchone()[0])

    def report(self, report_id: str) -> Report:
        """The stored report with this id (UserError when absent)."""
        cached = self._reports.get(report_id)
        if cached is not None:
            return cached
        row = self.conn.execute("SELECT data FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None:
            raise UserError(f"report {report_id!r} is not in the corpus index")
        report = Report.from_dict(json.loads(row[0]))
        self._reports[report_id] = report
        return report

    def report_ids(self) -> list[str]:
        """Every stored report's id, in the order they were added."""
        return [row[0] for row in self.conn.execute("SELECT id FROM reports ORDER BY rowid")]

    def version(self) -> str:
        """A digest of which reports the store holds and their texts: equal digests, equal
        corpus (what a check may keep from one run to the next)."""
        digest = hashlib.sha1()
        for report_id, hashed in self.conn.execute("SELECT id, text_hash FROM reports ORDER BY id"):
            digest.update(f"{report_id}\t{hashed}\n".encode())
        return digest.hexdigest()

    def reports(self) -> list[Report]:
        """All stored reports, in the order they were added."""
        out = []
        for row in self.conn.execute("SELECT id, data FROM reports ORDER BY rowid"):
            if row[0] not in self._reports:
                self._reports[row[0]] = Report.from_dict(json.loads(row[1]))
            out.append(self._reports[row[0]])
        return out

    def claims_for_report(self, report_id: str) -> list[Claim]:
        """The claims extracted from a report when it was indexed ([] if extraction was off)."""
        report = self.report(report_id)
        row = self.conn.execute("SELECT claims FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None or row[0] is None:
            return []
        return [Claim.from_dict(d, report) for d in json.loads(row[0])]

    def sentences(self, report_id: str) -> list[Span]:
        """The indexed sentences of a report, in text order."""
        report = self.report(report_id)
        rows = self.conn.execute(
            "SELECT start_char, end_char FROM sentences WHERE report_id = ? ORDER BY start_char",
            (report_id,),
        )
        return [report.span(r[0], r[1]) for r in rows]

    # --- writing ---

    def add_reports(
        self,
        reports: Iterable[Report],
        progress: Callable[[int, int], None] | None = None,
        *,
        extract_claims: bool = True,
    ) -> IndexStats:
        """Index the reports not stored yet; ``progress(done, total)`` is called per batch.

        With ``extract_claims`` the claims of each new report (and of stored reports indexed
        without claims) are extracted and stored; without it only sentences are indexed.
        """
        items = reports if isinstance(reports, Sequence) else list(reports)
        prepared = (Prepared(report) for report in items)
        return self.add_prepared(prepared, len(items), progress, extract_claims=extract_claims)

    def known_reports(self) -> dict[str, tuple[str, bool]]:
        """Stored report id -> (text hash, whether its claims are stored)."""
        return {
            row[0]: (row[1], bool(row[2]))
            for row in self.conn.execute("SELECT id, text_hash, claims IS NOT NULL FROM reports")
        }

    def add_prepared(
        self,
        items: Iterable[Prepared],
        total: int,
        progress: Callable[[int, int], None] | None = None,
        *,
        extract_claims: bool = True,
    ) -> IndexStats:
        """:meth:`add_reports` for reports whose sentences, vectors or claims may be computed.

        What an item lacks is computed here; the result is the same store either way.
        """
        from verifier.read.sentences import body_sentences

        stats = IndexStats()
        known = self.known_reports()
        batch: list[Prepared] = []
        unclaimed: list[Prepared] = []  # indexed earlier without claims
        pending = done = 0
        for item in items:
            done += 1
            report = item.report
            digest = text_hash(report.text)
            stored = known.get(report.id)
            if stored is not None and stored[0] == digest:
                stats.reports_skipped += 1
                if extract_claims and not stored[1]:
                    unclaimed.append(item)
                    known[report.id] = (digest, True)
                continue
            if stored is not None:
                if batch:  # the old version may still be waiting in this batch
                    self._write_batch(batch, stats, extract_claims)
                    batch, pending = [], 0
                self._delete_report(report.id)
                stats.reports_replaced += 1
            known[report.id] = (digest, extract_claims)
            if item.sentences is None:
                item.sentences = body_sentences(report)
            batch.append(item)
            pending += len(item.sentences)
            if pending >= BATCH_SENTENCES:
                self._write_batch(batch, stats, extract_claims)
                batch, pending = [], 0
                if progress:
                    progress(done, total)
        if batch:
            self._write_batch(batch, stats, extract_claims)
        if unclaimed:
            self._store_claims(unclaimed, stats)
        if stats.sentences:
            self.save_vectors()
        if progress:
            progress(done, total)
        return stats

    def save_vectors(self, *, force: bool = False) -> bool:
        """Bring the persisted vector index of a file store up to date (see :mod:`.dense`)."""
        if self.store is None:
            return False
        return self._dense_index().save(force=force)

    def _delete_report(self, report_id: str) -> None:
        """Drop a report with its sentences (FTS entries included) and claims."""
        old = self.report(report_id)
        with self.conn:
            rows = self.conn.execute(
                "SELECT id, start_char, end_char FROM sentences WHERE report_id = ?", (report_id,)
            ).fetchall()
            self.conn.executemany(
                "INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', ?, ?)",
                [(r[0], old.text[r[1] : r[2]]) for r in rows],
            )
            self.conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))
        self._reports.pop(report_id, None)  # its vectors linger in the dense index, unmatched

    def _write_batch(self, batch: list[Prepared], stats: IndexStats, extract_claims: bool) -> None:
        vectors = batch_vectors(batch, self.embedder)
        reports = [item.report for item in batch]
        claims = self._claims_of(batch) if extract_claims else {}
        ids: list[int] = []
        with self.conn:
            self._record_model()
            for report in reports:
                self.conn.execute(
                    "INSERT INTO reports (id, text_hash, data, claims) VALUES (?, ?, ?, ?)",
                    (
                        report.id,
                        text_hash(report.text),
                        json.dumps(report.to_dict(), ensure_ascii=False),
                        claims.get(report.id),
                    ),
                )
                self._reports[report.id] = report
            spans = [span for item in batch for span in item.sentences or ()]
            for span, vector in zip(spans, vectors, strict=True):
                cur = self.conn.execute(
                    "INSERT INTO sentences (report_id, start_char, end_char, vector)"
                    " VALUES (?, ?, ?, ?)",
                    (span.report.id, span.start, span.end, vector.tobytes()),
                )
                sid = int(cur.lastrowid or 0)
                ids.append(sid)
                self.conn.execute(
                    "INSERT INTO sentences_fts (rowid, text) VALUES (?, ?)", (sid, span.text)
                )
        stats.reports_added += len(batch)
        stats.sentences += len(spans)
        stats.claims += sum(len(json.loads(c)) for c in claims.values())
        if self._dense is not None:
            self._dense.add(np.asarray(ids, dtype=np.int64), vectors)

    def _claims_of(self, items: list[Prepared]) -> dict[str, str]:
        """Claims of each report as a JSON list of ``Claim.to_dict`` (extracted when not given)."""
        out = {item.report.id: item.claims for item in items if item.claims is not None}
        missing = [item.report for item in items if item.claims is None]
        if missing:
            out.update(self._extract(missing))
        return out

    def _extract(self, reports: list[Report]) -> dict[str, str]:
        if self._claim_extractor is None:
            from verifier.attribution.claims import ClaimExtractor

            self._claim_extractor = ClaimExtractor()
        return {
            report.id: json.dumps([c.to_dict() for c in claims], ensure_ascii=False)
            for report, claims in self._claim_extractor.extract_many(reports)
        }

    def _store_claims(self, items: list[Prepared], stats: IndexStats) -> None:
        claims = self._claims_of(items)
        with self.conn:
            self.conn.executemany(
                "UPDATE reports SET claims = ? WHERE id = ?", [(v, k) for k, v in claims.items()]
            )
        stats.claims += sum(len(json.loads(c)) for c in claims.values())

    # --- search ---

    def _dense_index(self) -> StoreVectors:
        """The dense side: the store's vector file plus the vectors added since."""
        if self._dense is None:
            self._dense = StoreVectors(self.conn, self.embedder.dim, self.store)
        return self._dense

    @property
    def dense_kind(self) -> str:
        """``file-flat``, ``file-ivf`` (persisted) or ``memory``."""
        return self._dense_index().kind

    def search(
        self, query: str, k: int = 20, exclude_report_ids: Collection[str] = ()
    ) -> list[Hit]:
        """The ``k`` best sentences for ``query`` by fused BM25 and embedding rank."""
        return self.search_many([query], k, exclude_report_ids)[0]

    def search_many(
        self, queries: Sequence[str], k: int = 20, exclude_report_ids: Collection[str] = ()
    ) -> list[list[Hit]]:
        """:meth:`search` for several queries, embedded in one batch.

        A :class:`ReusingEmbedder` is given the query vectors and the stored vectors of the
        sentences found, so whoever embeds those texts next (the stance model) need not.
        """
        if not queries:
            return []
        vectors = self.embedder.embed_batch(list(queries))
        exclude = sorted(set(exclude_report_ids))
        depth = max(2 * k, 50)
        found: list[list[Hit]] = []
        texts, stored = list(queries), [vectors]
        for query, vector in zip(queries, vectors, strict=True):
            hits, hit_vectors = self._search_one(query, vector, k, depth, exclude)
            found.append(hits)
            texts += [hit.sentence.text for hit in hits]
            stored.append(hit_vectors)
        if isinstance(self.embedder, ReusingEmbedder):
            self.embedder.remember(texts, np.concatenate(stored))
        return found

    def _search_one(
        self, query: str, vector: np.ndarray, k: int, depth: int, exclude: list[str]
    ) -> tuple[list[Hit], np.ndarray]:
        """The ``k`` best hits for one query, and their stored vectors (rows in hit order)."""
        rows: dict[int, sqlite3.Row] = {}
        dense_scores = self._dense_candidates(vector, depth, exclude, rows)
        lexical_scores = self._lexical_candidates(query, depth, exclude, rows)
        # dense candidates carry exact cosines; lexical-only ones get theirs, after the dense
        # ones, in lexical order (ties, e.g. wire copies, keep this order through the stable sort)
        for sid in lexical_scores:
            if sid not in dense_scores:
                dense_scores[sid] = _cosine(rows[sid], vector)
        fused = fuse(dense_scores, lexical_scores)
        best = sorted(fused, key=lambda sid: -fused[sid])[:k]
        hits = []
        hit_vectors = np.zeros((len(best), self.embedder.dim), dtype=np.float32)
        for n, sid in enumerate(best):
            row = rows[sid]
            span = self.report(row["report_id"]).span(row["start_char"], row["end_char"])
            hits.append(Hit(span, fused[sid], dense_scores[sid], lexical_scores.get(sid, 0.0)))
            hit_vectors[n] = np.frombuffer(row["vector"], dtype=np.float32)
        return hits, hit_vectors

    def _fetch_rows(self, ids: Sequence[int], rows: dict[int, sqlite3.Row]) -> None:
        wanted = [i for i in ids if i not in rows]
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ",".join("?" * len(part))
            for row in self.conn.execute(
                f"SELECT id, report_id, start_char, end_char, vector FROM sentences"
                f" WHERE id IN ({marks})",
                part,
            ):
                rows[row["id"]] = row

    def _dense_candidates(
        self, vector: np.ndarray, depth: int, exclude: list[str], rows: dict[int, sqlite3.Row]
    ) -> dict[int, float]:
        """Sentence id -> exact cosine of the ``depth`` nearest non-excluded sentences.

        The vector index proposes ``RESCORE * depth`` candidates by approximate score; all are
        re-scored with their stored float32 vectors and the best ``depth`` kept, so the
        quantisation of the index costs recall only where a neighbour is not proposed at all.
        """
        dense = self._dense_index()
        excluded = set(exclude)
        fetch = RESCORE * depth
        while True:
            found = dense.search(vector, fetch)
            self._fetch_rows([sid for sid, _ in found], rows)
            kept = [
                sid
                for sid, _ in found
                if sid in rows and rows[sid]["report_id"] not in excluded  # absent: deleted
            ]
            if len(kept) >= depth or fetch >= len(dense):
                exact = {sid: _cosine(rows[sid], vector) for sid in kept}
                best = sorted(exact, key=lambda sid: -exact[sid])[:depth]  # stable: ties in order
                return {sid: exact[sid] for sid in best}
            fetch *= 4

    def _lexical_candidates(
        self, query: str, depth: int, exclude: list[str], rows: dict[int, sqlite3.Row]
    ) -> dict[int, float]:
        """Sentence id -> BM25 score (higher is better) of the ``depth`` best lexical matches."""
        match = fts_query(query)
        if not match:
            return {}
        excluded = set(exclude)
        fetch = depth + (4 * depth if excluded else 0)
        while True:
            found = self.conn.execute(
                "SELECT rowid, -rank FROM sentences_fts WHERE sentences_fts MATCH ?"
                " ORDER BY rank LIMIT ?",
                (match, fetch),
            ).fetchall()
            self._fetch_rows([r[0] for r in found], rows)
            out: dict[int, float] = {}
            for sid, score in found:
                if rows[sid]["report_id"] not in excluded:
                    out[sid] = float(score)
                    if len(out) == depth:
                        return out
            if len(found) < fetch:
                return out
            fetch *= 4
