"""GVA casualty evaluation: reader, per-article prediction and accuracy on a tiny fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import cli
from verifier.errors import UserError
from verifier.evaluate.gva import evaluate, predict, read_gva

PARAGRAPH = "Detectives asked anyone who saw the car leave the parking lot to call them."


def write_fixture(folder: Path) -> Path:
    docs = [
        ("1", "a", "Man shot dead outside store", "A man was shot dead outside a corner store."),
        ("2", "b", "Teen wounded in drive-by", "A teen was shot in the leg late on Friday."),
        ("3", "c", "Shooting at a party", "Four people were shot at a party, one fatally."),
        ("4", "d", "Double homicide in suburb", "Police found a double homicide at a house."),
        ("5", "e", "Crash on highway", "No one was hurt."),  # its incident is absent
    ]
    with (folder / "gva_docs.jsonl").open("w") as fh:
        for uri, doc_id, title, first in docs:
            content = f"{first}\n\n{PARAGRAPH}"
            row = {"incident_uri": uri, "doc_id": doc_id, "title": title, "content": content}
            fh.write(json.dumps({**row, "dct": "2017-01-02", "uri": "http://example.org"}) + "\n")
    with (folder / "gva_incidents.jsonl").open("w") as fh:
        for uri, killed, injured in [("1", 1, 0), ("2", 0, 1), ("3", 1, 3), ("4", 2, 1)]:
            fh.write(
                json.dumps({"incident_uri": uri, "num_killed": killed, "num_injured": injured})
            )
            fh.write("\n")
    return folder


@pytest.mark.parametrize(
    ("title", "content", "killed", "injured"),
    [
        ("Man killed", "A man was shot dead on Elm Road on Sunday night.", 1, 0),
        ("Teen hurt", "A teen was shot near the basketball court on Monday.", 0, 1),
        ("Party shooting", "Four people were shot at a party on Saturday, one fatally.", 1, 3),
        ("Police probe", "Officers are investigating a double homicide in a quiet suburb.", 2, 0),
        ("Drive-by", "Two men were killed and three others injured in a drive-by shooting.", 2, 3),
        ("Farm tragedy", "Deputies said a man killed his neighbour and then shot himself.", 2, 0),
        ("Boy dies", "A 9-year-old boy fatally shot himself with a rifle he found at home.", 1, 0),
        (
            "Teen dies",
            "A teen hospitalized after a shooting on Friday has died, police said.",
            1,
            0,
        ),
        ("Charges", "Two teenagers were charged on Monday in the killing of a clerk.", 1, 0),
        ("Found", "The body of a missing hiker was found with a gunshot wound on Sunday.", 1, 0),
        ("Porch", "A woman and a teenager were wounded by gunfire on a porch.", 0, 2),
    ],
)
def test_gva_predict_counts_killed_and_injured(
    title: str, content: str, killed: int, injured: int
) -> None:
    pred = predict(title, content)
    assert (pred.killed, pred.injured) == (killed, injured)


def test_gva_read_skips_articles_without_incident(tmp_path: Path) -> None:
    articles = list(read_gva(write_fixture(tmp_path)))
    assert [a.doc_id for a in articles] == ["a", "b", "c", "d"]
    assert (articles[2].num_killed, articles[2].num_injured) == (1, 3)


def test_gva_evaluate_scores_exact_counts(tmp_path: Path) -> None:
    scores = evaluate(write_fixture(tmp_path))
    # killed: all four right; injured: the double homicide's third victim is not in the text.
    assert scores == {
        "killed_accuracy": 1.0,
        "injured_accuracy": 0.75,
        "articles": 4,
        "half": "all",
    }


def test_gva_missing_files_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"gva_docs\.jsonl"):
        evaluate(tmp_path)


def test_gva_cli_prints_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["eval", "casualties", "--gva", str(write_fixture(tmp_path)), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles"] == 4


def test_gva_halves_split_incidents_and_score_apart(tmp_path: Path) -> None:
    folder = write_fixture(tmp_path)
    from verifier.evaluate.gva import half_of

    halves = {uri: half_of(uri) for uri in "1234"}
    assert set(halves.values()) <= {"tune", "confirm"}
    total = sum(evaluate(folder, half)["articles"] for half in ("tune", "confirm"))
    assert total == evaluate(folder)["articles"]
    with pytest.raises(UserError):
        evaluate(folder, "test")
