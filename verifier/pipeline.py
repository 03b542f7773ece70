"""From articles to assessed claims: extract, retrieve, judge, weigh independence, decide.

:func:`iter_check` is a generator of :mod:`verifier.progress` events: ``Progress``, then per
article ``ClaimsFound`` (before matching) and one ``Assessed`` per claim. :func:`run_check`
collects the assessments. Models load once per process.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from verifier.errors import UserError
from verifier.figures.events import compare_events
from verifier.judge.facts import FactFinder, Facts
from verifier.judge.independence import cluster_ids, is_relay
from verifier.judge.match import Gate, judge
from verifier.judge.verdict import count_independent, decide, unverified_figure
from verifier.model import Assessment, Claim, EventKey, Evidence, Report, Stance
from verifier.progress import Assessed, CheckEvent, ClaimsFound, Progress, ProgressCallback
from verifier.settings import MatchSettings

if TYPE_CHECKING:
    from verifier.attribution.claims import ClaimExtractor
    from verifier.judge.stance.model import StanceModel
    from verifier.retrieval.embed import Embedder
    from verifier.retrieval.index import CorpusIndex
    from verifier.retrieval.records import Hit

log = logging.getLogger(__name__)

T = TypeVar("T")


class Checker:
    """Assesses the claims of articles against a corpus index."""

    def __init__(
        self,
        index: CorpusIndex,
        stance_model: StanceModel,
        extractor: ClaimExtractor | None,
        config: MatchSettings | None = None,
        gate: Gate | None = None,
    ) -> None:
        self.index = index
        self.stance_model = stance_model
        self.extractor = extractor
        self.config = config or MatchSettings()
        self.gate = gate or Gate()
        self._report_claims: dict[str, list[Claim]] = {}
        self.facts = FactFinder(self._claims_of)
        self._cluster_of: dict[str, str] = {}
        self._corpus_ids: set[str] = set()

    def prepare(self, articles: Sequence[Report]) -> None:
        """Near-duplicate clusters of corpus and articles; entities of every report's lead.

        The corpus's part is worked out once per corpus version (:mod:`verifier.prepared`, kept
        in the process and next to the store): later checks read only their articles.
        """
        from verifier.prepared import prepared_corpus
        from verifier.read.duplicates import copies_in, near_duplicate_groups

        corpus = prepared_corpus(self.index, self.facts)
        self._corpus_ids = set(corpus.duplicates.ids)
        new = [a for a in {a.id: a for a in articles}.values() if a.id not in self._corpus_ids]
        groups = [*corpus.duplicates.groups, *near_duplicate_groups(new)]
        for article in new:
            copies = copies_in(corpus.duplicates, article, self._corpus_reports)
            groups += [[article.id, *copies]] if copies else []
        self._cluster_of = cluster_ids([*self._corpus_ids, *(a.id for a in new)], groups)
        self.facts.read_leads(new)

    def _corpus_reports(self, ids: list[str]) -> list[Report]:
        return [self.index.report(i) for i in ids]

    def iter_check(
        self, articles: Sequence[Report], extracted: dict[str, list[Claim]] | None = None
    ) -> Iterator[CheckEvent]:
        """Claims of each article (``extracted`` ones as given), then each assessed claim."""
        self.prepare(articles)
        for n, article in enumerate(articles):
            yield Progress("matching", n, len(articles))
            if extracted is not None and article.id in extracted:
                claims = self.adopt(article, extracted[article.id])
            else:
                claims = self.claims_for(article)
                yield ClaimsFound(article, tuple(claims))
            for assessment in self.assess(article, claims):
                yield Assessed(assessment)
        yield Progress("matching", len(articles), len(articles))

    def claims_for(self, article: Report) -> list[Claim]:
        if self.extractor is None:
            return self._claims_of(article.id)
        return self.adopt(article, self.extractor.extract(article))

    def adopt(self, article: Report, claims: list[Claim]) -> list[Claim]:
        """Take ``claims`` as the article's own; their places join the gazetteer."""
        self._report_claims[article.id] = claims
        self.facts.places.add(p for c in claims for p in c.places)
        return claims

    def exclude_for(self, article: Report) -> set[str]:
        """The article and its near-duplicates: a syndicated copy is not evidence."""
        own = self._cluster_of.get(article.id, article.id)
        return {rid for rid, c in self._cluster_of.items() if c == own} | {article.id}

    def _claims_of(self, report_id: str) -> list[Claim]:
        if report_id not in self._report_claims:
            if report_id not in self._corpus_ids:
                return []  # an article whose claims are not extracted yet
            self._report_claims[report_id] = self.index.claims_for_report(report_id)
        return self._report_claims[report_id]

    def assess(self, article: Report, claims: Sequence[Claim]) -> list[Assessment]:
        """Every claim of one article against the corpus (its own cluster excluded)."""
        if not claims:
            return []
        config = self.config
        queries = [claim.content.text or claim.text for claim in claims]
        found = self.index.search_many(
            queries, k=config.candidates, exclude_report_ids=self.exclude_for(article)
        )
        keys = {c.id: self.facts.claim_key(c) for c in claims}
        candidates = []
        for claim, hits in zip(claims, found, strict=True):
            for hit in hits:
                if hit.dense < config.suggest_threshold:
                    continue
                facts = self.facts.evidence(hit.sentence)
                # The event gate before the model: evidence about another event costs nothing.
                if not compare_events(keys[claim.id], facts.event_key).same:
                    continue
                candidates.append((claim, hit, facts))
        probabilities = self._stance_probabilities(candidates, keys)
        evidence: dict[str, list[Evidence]] = {c.id: [] for c in claims}
        for (claim, hit, facts), probs in zip(candidates, probabilities, strict=True):
            verdict = judge(claim, keys[claim.id], facts, probs, self.gate)
            if verdict is None:
                continue
            relay = is_relay(
                claim.speaker_name,
                facts.speaker,
                facts.speaker_type,
                facts.report_speakers,
                claim.speaker_type,
                hit.sentence.report.outlet,
                hit.sentence.report.text,
            )
            evidence[claim.id].append(
                Evidence(
                    claim_id=claim.id,
                    sentence=hit.sentence,
                    similarity=hit.dense,
                    stance=verdict.stance,
                    stance_score=verdict.score,
                    reason=verdict.reason + (" [relays the claim's own speaker]" if relay else ""),
                    independent=not relay,
                    auto_linked=hit.dense >= config.auto_link_threshold,
                    speaker_name=facts.speaker or hit.sentence.report.outlet,
                    speaker_type=facts.speaker_type,
                    cue_class=facts.cue_class,
                    figures=facts.figures,
                    rejected=facts.rejected,
                    event_key=facts.event_key,
                    same_event=verdict.same_event,
                    decided=verdict.decided,
                )
            )
        return [self._assessment(c, evidence[c.id], keys[c.id]) for c in claims]

    def _stance_probabilities(
        self, candidates: list[tuple[Claim, Hit, Facts]], keys: dict[str, EventKey]
    ) -> list[dict[Stance, float]]:
        """The stance model's probabilities per candidate, asked once per distinct (claim text,
        evidence text) pair, in one batch, and only for the pairs whose judgement they can
        change: where a figure or a denial decides whatever the model says, a probe stands in
        (see :func:`model_matters`)."""
        pairs = [(c.text or c.content.text, h.sentence.text) for c, h, _ in candidates]
        asked = {
            pair: None
            for pair, (claim, _, facts) in zip(pairs, candidates, strict=True)
            if model_matters(claim, keys[claim.id], facts, self.gate)
        }
        answers = dict(
            zip(asked, _predict_on_one_thread(self.stance_model, list(asked)), strict=True)
        )
        return [answers.get(pair, PROBES[0]) for pair in pairs]

    def _assessment(self, claim: Claim, found: list[Evidence], key: EventKey) -> Assessment:
        # Decided evidence before undecided; independent before relays; then by similarity.
        found.sort(key=lambda e: (not e.decided, not e.independent, -e.similarity))
        kept = tuple(found[: self.config.max_evidence])
        support = count_independent(kept, Stance.SUPPORTS, self._cluster_of)
        contradiction = count_independent(kept, Stance.CONTRADICTS, self._cluster_of)
        return Assessment(
            claim=claim,
            evidence=kept,
            verdict=decide(support, contradiction, kept),
            independent_support=support,
            independent_contradiction=contradiction,
            unverified_figure=unverified_figure(claim, kept),
            event_key=key,
        )


def _one_stance(stance: Stance) -> dict[Stance, float]:
    return {s: float(s is stance) for s in Stance}


# Extreme answers of the stance model: unrelated; related and supporting / contradicting /
# discussing. ``judge`` reads the probabilities only through "unrelated >= gate", the strongest
# of the other three and its score, so a judgement that is the same under all four is the same
# under any answer the model could give.
PROBES = (
    _one_stance(Stance.UNRELATED),
    _one_stance(Stance.SUPPORTS),
    _one_stance(Stance.CONTRADICTS),
    _one_stance(Stance.DISCUSSES),
)


def model_matters(claim: Claim, key: EventKey, facts: Facts, gate: Gate) -> bool:
    """Whether the stance model's answer can change how ``facts`` judges ``claim``: False when
    a figure comparison or a scoped denial decides it whatever the model says."""
    first = judge(claim, key, facts, PROBES[0], gate)
    return any(judge(claim, key, facts, probe, gate) != first for probe in PROBES[1:])


def _predict_on_one_thread(
    model: StanceModel, pairs: Sequence[tuple[str, str]]
) -> list[dict[Stance, float]]:
    """Stance probabilities with OpenMP on one thread.

    The boosted trees open one OpenMP region per tree and class (1,600 per call); on busy cores
    every region waits for its second thread to be scheduled, which made 56 pairs take up to
    25 s instead of 0.05 s (docs/scale.md). The encoders lose little on batches this small.
    """
    from threadpoolctl import threadpool_limits

    if not pairs:
        return []
    with threadpool_limits(limits=1, user_api="openmp"):
        return model.predict(pairs)


def open_index(
    corpus_paths: Sequence[Path] | None,
    store_path: Path | None,
    embedder: Embedder,
    progress: ProgressCallback | None = None,
    *,
    sample_store: Path | None = None,
) -> CorpusIndex:
    """The corpus index: a given store, a given corpus (indexed into the store), or the sample.

    The sample corpus is indexed into ``sample_store`` (kept between runs), else in memory.
    """
    from verifier.read.ingest import read_reports
    from verifier.retrieval.index import CorpusIndex

    if corpus_paths is None and store_path is None:
        import corpora

        corpus_paths = corpora.sample_corpus()
        store_path = sample_store
    index = CorpusIndex.open(str(store_path) if store_path else ":memory:", embedder)
    if corpus_paths:
        reports = list(read_reports(corpus_paths))

        def notify(done: int, total: int) -> None:
            if progress is not None:
                progress(Progress("indexing", done, total))

        index.add_reports(reports, progress=notify)
    if len(index) == 0:
        raise UserError("the corpus is empty: nothing to match claims against")
    return index


_STANCE_MODELS: dict[int, tuple[Embedder, StanceModel]] = {}


def cached_stance_model(embedder: Embedder) -> StanceModel:
    """The committed stance model for ``embedder``, loaded once per process."""
    from verifier.judge.stance.model import load_stance_model

    held = _STANCE_MODELS.get(id(embedder))
    if held is None or held[0] is not embedder:
        held = _STANCE_MODELS[id(embedder)] = (embedder, load_stance_model(embedder))
    return held[1]


@lru_cache(maxsize=1)
def cached_extractor() -> ClaimExtractor:
    from verifier.attribution.claims import ClaimExtractor

    return ClaimExtractor()


def iter_check(
    article_paths: Sequence[Path],
    *,
    corpus_paths: Sequence[Path] | None = None,
    store_path: Path | None = None,
    embedder: Embedder | None = None,
    stance_model: StanceModel | None = None,
    matching: MatchSettings | None = None,
    sample_store: Path | None = None,
) -> Iterator[CheckEvent]:
    """Read articles, open or build the corpus index, and assess every claim, as events."""
    from verifier.read.ingest import read_reports
    from verifier.retrieval.embed import load_embedder

    yield Progress("reading", 0, len(article_paths))
    articles = list(read_reports(article_paths))
    # Claims first: a reviewer sees them while the corpus and the models load.
    extractor = cached_extractor()
    extracted: dict[str, list[Claim]] = {}
    for n, article in enumerate(articles):
        yield Progress("extracting claims", n, len(articles))
        extracted[article.id] = extractor.extract(article)
        yield ClaimsFound(article, tuple(extracted[article.id]))
    yield Progress("loading models", 0, 1)
    embedder = embedder or load_embedder()  # cached per process
    index = yield from _with_progress(
        lambda notify: open_index(
            corpus_paths, store_path, embedder, notify, sample_store=sample_store
        )
    )
    model = stance_model or cached_stance_model(embedder)
    checker = Checker(index, model, extractor, matching)
    try:
        yield from checker.iter_check(articles, extracted)
    finally:
        index.close()


def _with_progress(work: Callable[[ProgressCallback], T]) -> Generator[Progress, None, T]:
    """Run ``work`` in a thread and yield its progress as it comes; return its result.

    Closing the generator stops waiting, not the work (it commits in batches and ends).
    """
    events: queue.Queue[Progress | None] = queue.Queue()
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work(events.put))
        except BaseException as exc:  # re-raised in the consumer's thread
            failure.append(exc)
        finally:
            events.put(None)

    threading.Thread(target=run, name="verifier-progress", daemon=True).start()
    while (event := events.get()) is not None:
        yield event
    if failure:
        raise failure[0]
    return result[0]


def run_check(
    article_paths: Sequence[Path],
    *,
    corpus_paths: Sequence[Path] | None = None,
    store_path: Path | None = None,
    progress: ProgressCallback | None = None,
    embedder: Embedder | None = None,
    stance_model: StanceModel | None = None,
    matching: MatchSettings | None = None,
    sample_store: Path | None = None,
) -> list[Assessment]:
    """Collect the assessments of :func:`iter_check`, passing progress to ``progress``."""
    out: list[Assessment] = []
    for event in iter_check(
        article_paths,
        corpus_paths=corpus_paths,
        store_path=store_path,
        embedder=embedder,
        stance_model=stance_model,
        matching=matching,
        sample_store=sample_store,
    ):
        if isinstance(event, Progress):
            if progress is not None:
                progress(event)
        elif isinstance(event, Assessed):
            out.append(event.assessment)
    return out
