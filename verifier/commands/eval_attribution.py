"""``verifier eval attribution --polnear DIR``: source / cue / content span scores on PolNeAR."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("attribution")
@click.option(
    "--polnear",
    "polnear_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A PolNeAR split folder with text/ and attributions/ (brat .ann).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for cached spaCy parses (keep it out of the repository).",
)
@click.option(
    "--claim-text",
    is_flag=True,
    help="Instead: run the claim splitter on the texts and count claims whose short text "
    "loses a negation of their content or cue, and empty contents.",
)
@click.option(
    "--speakers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Instead: score speaker types against a labelled sample (TSV: doc, start, end, type).",
)
@click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="With --speakers: the sample corpus folder for corpus/ documents.",
)
def attribution(
    polnear_dir: Path,
    as_json: bool,
    cache: Path | None,
    claim_text: bool,
    speakers: Path | None,
    corpus: Path | None,
) -> None:
    """Precision, recall and F1 of the attribution finder, exact and overlap (IoU >= 0.5)."""
    from verifier.attribution.finder import AttributionFinder
    from verifier.evaluate.polnear import ROLES, parse, predict, read_split, score
    from verifier.nlp import load_spacy

    if speakers is not None:
        _speaker_types(speakers, polnear_dir, corpus, as_json)
        return
    docs = read_split(polnear_dir)
    if claim_text:
        _claim_text(docs, as_json)
        return
    result = score(docs, predict(parse(docs, load_spacy(), cache), AttributionFinder()))
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(
        f"{result['documents']} documents, {result['gold']} gold, "
        f"{result['predicted']} predicted attributions"
    )
    click.echo(f"{'role':<8} {'match':<8} {'P':>6} {'R':>6} {'F1':>6}")
    for role in ROLES:
        for match in ("exact", "overlap"):
            s = result[role][match]
            click.echo(
                f"{role:<8} {match:<8} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"
            )


def _claim_text(docs: list, as_json: bool) -> None:
    from verifier.attribution.claims import ClaimExtractor
    from verifier.evaluate.claim_checks import check_claims
    from verifier.model import Report

    reports = [Report(id=doc.name, text=doc.text) for doc in docs]
    claims = (c for _, found in ClaimExtractor().extract_many(reports) for c in found)
    result = check_claims(claims)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        if key != "lost_examples":
            click.echo(f"{key:<22} {value}")
    for text in result["lost_examples"]:
        click.echo(f"  lost: {text}")


def _speaker_types(labels_path: Path, polnear: Path, corpus: Path | None, as_json: bool) -> None:
    from verifier.attribution.claims import ClaimExtractor
    from verifier.evaluate.speaker_types import read_labels, score_types, texts
    from verifier.model import Report

    labels = read_labels(labels_path)
    reports = [Report(id=d, text=t) for d, t in texts(labels, polnear, corpus).items()]
    claims = {r.id: found for r, found in ClaimExtractor().extract_many(reports)}
    result = score_types(labels, claims)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"{result['mentions']} labelled mentions, accuracy {result['accuracy']:.3f}")
    click.echo(f"{'type':<12} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6}")
    for kind, s in result.items():
        if isinstance(s, dict):
            click.echo(
                f"{kind:<12} {s['gold']:>5} {s['predicted']:>5} "
                f"{s['precision']:>6.3f} {s['recall']:>6.3f}"
            )
