"""GVA casualty evaluation: reader, per-article prediction and accuracy on a tiny fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import cli
from verifier.errors import UserError
from verifier.evaluate.gva import evaluate, lead_text, predict, read_gva

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
        # coordinated counts add up; a count spelled out person by person does not
        ("Brooklyn", "Two teenage girls and two men were shot and wounded on Saturday.", 0, 4),
        ("Memphis", "Two people, a 14-year-old and an 18-year-old, were injured.", 0, 2),
        ("Henry County", "A man and his two kids were found dead inside their home.", 3, 0),
        (
            "Court shooting",
            "A 12-year-old is in critical condition after he and three "
            "others were shot on a basketball court.",
            0,
            4,
        ),
        ("Denver", "One man is in critical condition and three others are injured.", 0, 4),
        (
            "Funeral",
            "A shootout outside the funeral left six people wounded -- two mortally.",
            2,
            4,
        ),
        # the shooter who killed himself counts when the count is of his victims only
        (
            "Theater",
            "The gunman shot two people to death and wounded nine others before killing himself.",
            3,
            9,
        ),
        ("Roy", "Three people were found dead in an apparent murder-suicide.", 3, 0),
        ("Murray", "Police are investigating a double murder-suicide at an apartment.", 3, 0),
        ("Clearwater", "A 10-year-old boy turned a gun on himself after an argument.", 0, 1),
        # words of death that tell of no death
        (
            "Charges",
            "He faces a charge of assault with intent to kill after a man was shot in the leg.",
            0,
            1,
        ),
        # a toll over many incidents is not the count of one
        (
            "Weekend",
            "Two men were wounded on Elm Road. At least 18 people were shot in a 48-hour span.",
            0,
            2,
        ),
    ],
)
def test_gva_predict_counts_killed_and_injured(
    title: str, content: str, killed: int, injured: int
) -> None:
    pred = predict(title, content)
    assert (pred.killed, pred.injured) == (killed, injured)


def test_gva_lead_leaves_out_page_furniture_and_repeats() -> None:
    story = "A man was shot in the leg outside a store on Main Street on Sunday night."
    content = "\n".join(
        [
            "Please enable Javascript to watch this video in your browser.",
            "1:08 Goran Dragic says the Heat can get better this season, he said.",
            story,
            story,
            "Copyright 2016 WXYZ. All rights reserved. This may not be published.",
        ]
    )
    assert lead_text("Man shot", content) == f"Man shot\n{story}"


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
