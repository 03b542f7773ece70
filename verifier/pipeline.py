"""From articles to assessed claims: extract, retrieve, judge, weigh independence, decide.

The engine yields :class:`Progress` through a callback; the CLI and the UI show it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from verifier.errors import UserError
from verifier.figures.events import evidence_event_date
from verifier.figures.quantities import extract_figures
from verifier.judge.independence import cluster_ids, is_relay
from verifier.judge.match import EvidenceContext, judge
from verifier.judge.verdict import count_independent, decide, unverified_figure
from verifier.model import Assessment, Claim, Evidence, Report, SpeakerType, Stance
from verifier.progress import Progress, ProgressCallback
from verifier.settings import MatchSettings

if TYPE_CHECKING:
    from verifier.attribution.claims import ClaimExtractor
    from verifier.judge.stance.model import StanceModel
    from verifier.retrieval.embed import Embedder
    from verifier.retrieval.index import CorpusIndex
    from verifier.retrieval.records import Hit

log = logging.getLogger(__name__)


def _notify(progress: ProgressCallback | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(Progress(stage, done, total))


class Checker:
    """Assesses the claims of articles against a corpus index."""

    def __init__(
        self,
        index: CorpusIndex,
        stance_model: StanceModel,
        extractor: ClaimExtractor,
        config: MatchSettings | None = None,
    ) -> None:
        self.index = index
        self.stance_model = stance_model
        self.extractor = extractor
        self.config = config or MatchSettings()
        self._report_claims: dict[str, list[Claim]] = {}

    def check(
        self, articles: Sequence[Report], progress: ProgressCallback | None = None
    ) -> list[Assessment]:
        """Assess every claim of every article, in article order."""
        from verifier.read.duplicates import near_duplicate_groups

        corpus = self.index.reports()
        groups = near_duplicate_groups([*corpus, *articles])
        cluster_of = cluster_ids([*corpus, *articles], groups)
        result: list[Assessment] = []
        for n, article in enumerate(articles):
            _notify(progress, "matching", n, len(articles))
            own_cluster = cluster_of.get(article.id, article.id)
            exclude = {rid for rid, c in cluster_of.items() if c == own_cluster} | {article.id}
            claims = self.extractor.extract(article)
            result.extend(self._assess_all(claims, exclude, cluster_of))
        _notify(progress, "matching", len(articles), len(articles))
        return result

    def _claims_of(self, report_id: str) -> list[Claim]:
        if report_id not in self._report_claims:
            self._report_claims[report_id] = self.index.claims_for_report(report_id)
        return self._report_claims[report_id]

    def _context(self, hit: Hit) -> tuple[EvidenceContext, SpeakerType, list[str | None]]:
        sentence = hit.sentence
        report_claims = self._claims_of(sentence.report.id)
        overlapping = [
            c
            for c in report_claims
            if c.sentence.start < sentence.end and sentence.start < c.sentence.end
        ]
        own = max(overlapping, key=lambda c: len(c.content), default=None)
        event_date = own.event_date if own and own.event_date else None
        if event_date is None:
            event_date = evidence_event_date(sentence)
        context = EvidenceContext(
            sentence=sentence,
            speaker=own.speaker_name if own else None,
            figures=tuple(extract_figures(sentence)),
            cue_class=own.cue_class if own else None,
            event_date=event_date,
        )
        kind = own.speaker_type if own and own.speaker_name else SpeakerType.MEDIA
        return context, kind, [c.speaker_name for c in report_claims]

    def _assess_all(
        self, claims: Sequence[Claim], exclude: set[str], cluster_of: dict[str, str]
    ) -> list[Assessment]:
        config = self.config
        queries = [claim.content.text or claim.text for claim in claims]
        found = self.index.search_many(queries, k=config.candidates, exclude_report_ids=exclude)
        candidates = [
            (claim, hit)
            for claim, hits in zip(claims, found, strict=True)
            for hit in hits
            if hit.dense >= config.suggest_threshold
        ]
        pairs = [(c.text or c.content.text, h.sentence.text) for c, h in candidates]
        probabilities = self.stance_model.predict(pairs) if pairs else []
        evidence: dict[str, list[Evidence]] = {c.id: [] for c in claims}
        for (claim, hit), probs in zip(candidates, probabilities, strict=True):
            context, kind, report_speakers = self._context(hit)
            verdict = judge(claim, context, probs)
            if verdict.stance is Stance.UNRELATED:
                continue
            relay = is_relay(
                claim.speaker_name,
                context.speaker,
                kind,
                report_speakers,
                claim.speaker_type,
                hit.sentence.report.outlet,
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
                    speaker_name=context.speaker or hit.sentence.report.outlet,
                    speaker_type=kind,
                )
            )
        return [self._assessment(c, evidence[c.id], cluster_of) for c in claims]

    def _assessment(
        self, claim: Claim, found: list[Evidence], cluster_of: dict[str, str]
    ) -> Assessment:
        # Decided evidence (figures, denials, the model's supports/contradicts) before mere
        # discussion; independent before relays; then by similarity.
        found.sort(key=lambda e: (e.stance is Stance.DISCUSSES, not e.independent, -e.similarity))
        kept = tuple(found[: self.config.max_evidence])
        support = count_independent(kept, Stance.SUPPORTS, cluster_of)
        contradiction = count_independent(kept, Stance.CONTRADICTS, cluster_of)
        return Assessment(
            claim=claim,
            evidence=kept,
            verdict=decide(support, contradiction, kept),
            independent_support=support,
            independent_contradiction=contradiction,
            unverified_figure=unverified_figure(claim, kept),
        )


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
        index.add_reports(reports, progress=lambda d, t: _notify(progress, "indexing", d, t))
    if len(index) == 0:
        raise UserError("the corpus is empty: nothing to match claims against")
    return index


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
    """Read articles, open or build the corpus index, and assess every claim."""
    from verifier.attribution.claims import ClaimExtractor
    from verifier.judge.stance.model import load_stance_model
    from verifier.read.ingest import read_reports
    from verifier.retrieval.embed import load_embedder

    _notify(progress, "reading", 0, len(article_paths))
    articles = list(read_reports(article_paths))
    _notify(progress, "loading models", 0, 1)
    embedder = embedder or load_embedder()
    index = open_index(corpus_paths, store_path, embedder, progress, sample_store=sample_store)
    model = stance_model or load_stance_model(embedder)
    checker = Checker(index, model, ClaimExtractor(), matching)
    return checker.check(articles, progress)
