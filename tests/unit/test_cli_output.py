"""CLI output for people and files: claims formats and width, quiet libraries, broken stdout."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from tests.unit.test_cli_claims import _OneClaimPerParagraph
from verifier.cli import main
from verifier.commands import claims as claims_command

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
LONG = (
    "The army said on Tuesday that 80 militants were killed in fighting near the town of "
    "Mopti | according to its statement, which accompanied photographs of the site."
)


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    module = types.ModuleType("verifier.attribution.claims")
    module.ClaimExtractor = _OneClaimPerParagraph  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "verifier.attribution.claims", module)
    path = tmp_path / "statement.txt"
    path.write_text(LONG + "\n", encoding="utf-8")
    return path


def test_cli_output_claims_tsv_keeps_every_cell_whole(article: Path, capsys) -> None:
    main(["claims", str(article), "--format", "tsv"])
    header, line = capsys.readouterr().out.splitlines()
    assert header.split("\t")[:3] == ["#", "Source", "Speaker"]
    cells = line.split("\t")
    assert cells[1] == "statement.txt" and cells[2] == "the army"
    assert cells[6] == LONG


def test_cli_output_claims_markdown_escapes_pipes(article: Path, capsys) -> None:
    main(["claims", str(article), "--format", "md"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("| # | Source | Speaker")
    assert "Mopti \\| according" in lines[2]
    assert lines[2].count(" | ") == 7  # eight cells, the escaped pipe not among the separators


def test_cli_output_claims_table_is_not_squeezed_when_piped(
    article: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_terminal(*args: object) -> object:
        raise OSError("not a terminal")

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(claims_command.os, "get_terminal_size", no_terminal)
    assert claims_command.terminal_width() == claims_command.PIPED_WIDTH
    main(["claims", str(article)])
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) > 100
    assert "militants were killed" in out and "…" not in out.split("Mopti")[0]


def test_cli_output_quiet_hides_library_bars_and_warnings() -> None:
    code = (
        "from verifier.cli import quiet_libraries\n"
        "quiet_libraries()\n"
        "import warnings\n"
        "from tqdm import tqdm\n"
        "for _ in tqdm(range(3), desc='Loading weights'): pass\n"
        "warnings.warn('a library warning')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_cli_output_full_disk_is_one_line_and_non_zero() -> None:
    with open("/dev/full", "w") as full:
        out = subprocess.run(
            [sys.executable, "-m", "verifier", "--version"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        "verifier: error: write failed: No space left on device"
    ]
