"""``verifier index``: summary, idempotent re-runs and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import run_cli as _run


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Army says 80 militants killed.\n\nResidents said 30 died.\n")
    (folder / "b.txt").write_text("JNIM claimed it took three barracks. The army denied it.\n")
    return folder


def _index(store: Path, *paths: Path) -> list[str]:
    return ["index", *map(str, paths), "--store", str(store), "--model", "hashing", "--no-claims"]


def test_index_cli_indexes_then_skips(corpus: Path, tmp_path: Path, capsys) -> None:
    store = tmp_path / "corpus.db"
    code, out, err = _run([*_index(store, corpus), "--json"], capsys)
    assert code == 0, err
    first = json.loads(out)
    assert (first["reports_added"], first["sentences"], first["total_sentences"]) == (2, 4, 4)
    assert "2/2" in err  # progress on stderr
    code, out, _ = _run(_index(store, corpus), capsys)
    assert code == 0
    assert "0 reports added, 2 skipped (already indexed)" in out


def test_index_cli_single_report_works(corpus: Path, tmp_path: Path, capsys) -> None:
    code, out, _ = _run(_index(tmp_path / "s.db", corpus / "a.txt"), capsys)
    assert code == 0
    assert "1 reports added" in out and "2 sentences" in out


def test_index_cli_reuses_the_store_model(corpus: Path, tmp_path: Path, capsys) -> None:
    store = tmp_path / "s.db"
    _run(_index(store, corpus / "a.txt"), capsys)
    code, out, err = _run(["index", str(corpus), "--store", str(store), "--no-claims"], capsys)
    assert code == 0, err
    assert "1 reports added, 1 skipped" in out


def test_index_cli_refuses_corrupt_store_untouched(corpus: Path, tmp_path: Path, capsys) -> None:
    store = tmp_path / "bad.db"
    store.write_bytes(b"not sqlite at all" * 64)
    code, _, err = _run(_index(store, corpus), capsys)
    assert code == 2
    assert "SQLite database" in err and "Traceback" not in err
    assert store.read_bytes() == b"not sqlite at all" * 64


def test_index_cli_empty_corpus_is_an_error(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    store = tmp_path / "s.db"
    code, _, err = _run(_index(store, empty), capsys)
    assert code == 2 and "no reports found" in err
    assert not store.exists()


def test_index_cli_missing_or_unreadable_input(tmp_path: Path, capsys) -> None:
    code, _, err = _run(_index(tmp_path / "s.db", tmp_path / "nope.txt"), capsys)
    assert code == 2 and "no such file" in err
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "fine"}\n{"text": "cut off\n')
    code, _, err = _run(_index(tmp_path / "s.db", broken), capsys)
    assert code == 2 and err.startswith("verifier: error:") and "broken.jsonl" in err


def test_index_cli_ray_options_need_the_ray_engine(corpus: Path, tmp_path: Path, capsys) -> None:
    args = [*_index(tmp_path / "s.db", corpus), "--ray-address", "ray://head:10001"]
    code, _, err = _run(args, capsys)
    assert code == 2 and "need --engine ray" in err
    assert not (tmp_path / "s.db").exists()


def test_index_cli_ray_inputs_follow_the_local_order(corpus: Path, tmp_path: Path) -> None:
    from verifier.errors import UserError
    from verifier.retrieval.ray_engine import input_units

    (corpus / "sub").mkdir()
    (corpus / "sub" / "c.md").write_text("Third.\n")
    (corpus / "notes.bin").write_bytes(b"\x00")
    assert [Path(u).name for u in input_units([corpus, corpus / "a.txt"])] == [
        "a.txt",
        "b.txt",
        "c.md",
        "a.txt",
    ]
    with pytest.raises(UserError, match="missing"):
        input_units([tmp_path / "missing"])
