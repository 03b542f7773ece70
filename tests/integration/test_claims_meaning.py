"""Claim text keeps what the source said; speakers resolve by agreement; the CLI never crashes.

Hand-written sentences (facts only), run through the real parser and the `verifier` CLI.
"""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from verifier.attribution.claims import ClaimExtractor
from verifier.cli import cli
from verifier.evaluate.claim_checks import check_claims
from verifier.model import Report, SpeakerType

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def extractor(nlp):
    return ClaimExtractor(nlp)


def _claims(extractor, text):
    return extractor.extract(Report(id="t", text=text))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("US officials could not confirm if he had been present.", "could not confirm if"),
        ("The Taliban have not publicly commented on the incident.", "have not publicly commented"),
        ("Police said the gunmen may have killed 30 villagers.", "may have killed"),
        ("Residents said no one was hurt in the attack.", "no one"),
        ("The army said it never shelled the town.", "never shelled"),
    ],
)
def test_claims_meaning_short_text_keeps_negation_and_modality(extractor, text, kept):
    claims = _claims(extractor, text)
    assert claims, text
    assert kept in claims[0].text
    assert check_claims(claims)["negation_lost"] == 0


def test_claims_meaning_multi_sentence_quote_is_one_claim_with_all_figures(extractor):
    text = (
        '"Over 1000 troops were killed by them yesterday. We will not stop," the commander said. '
        '"Another 40 were wounded."'
    )
    claims = _claims(extractor, text)
    assert len(claims) == 1
    assert {q.category for q in claims[0].figures} == {"killed", "wounded"}
    assert claims[0].figures[0].low == 1001


def test_claims_meaning_pronoun_takes_nearest_compatible_antecedent(extractor):
    text = (
        "Obama arrived on Monday. Maria Lopez, an aid worker in the camp, met reporters later.\n\n"
        "She said that 12 children had died of cholera."
    )
    claims = _claims(extractor, text)
    assert claims[-1].speaker_name == "Maria Lopez"


def test_claims_meaning_speaker_is_never_a_clause(extractor):
    text = (
        "Ann Smith, a historian at a university who wrote a book about the war that ended in "
        "1975, said the figures were wrong."
    )
    claims = _claims(extractor, text)
    assert claims[0].speaker_name == "Ann Smith"
    assert claims[0].speaker_type is SpeakerType.INDEPENDENT


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Two officials, who asked not to be named, said 12 soldiers died.", "anonymous"),
        ("Sources said 12 soldiers died in the attack.", "anonymous"),
        ("Senator Jane Doe said the bill would fail.", "official"),
        ("Pollster Pat Jones said turnout was low. Jones said it would rise.", "independent"),
    ],
)
def test_claims_meaning_speaker_types(extractor, text, kind):
    claims = _claims(extractor, text)
    assert claims and claims[-1].speaker_type is SpeakerType(kind)


def test_claims_meaning_cli_ranges_and_lower_bounds_do_not_crash(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Officials said between 3 and 5 people were killed, and at least 3 people were killed.\n"
    )
    result = CliRunner().invoke(cli, ["claims", "--json", str(path)])
    assert result.exit_code == 0, result.output
    figures = [f for line in result.output.splitlines() for f in json.loads(line)["figures"]]
    assert {(f["low"], f["high"]) for f in figures} >= {(3, None)}


def test_claims_meaning_repeated_quotes_are_linear(extractor):
    def seconds(n):
        start = time.perf_counter()
        _claims(extractor, '"a" said "b" ' * n)
        return time.perf_counter() - start

    small, large = seconds(150), seconds(600)
    assert large < 10 * small + 5  # 4x the input; quadratic work would take about 16x
