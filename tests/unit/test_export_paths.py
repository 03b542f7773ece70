"""Export targets: regular files only, never the store, atomic, no silent overwrite (item 1)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.unit.test_export import make_store, run_cli
from verifier.errors import UserError
from verifier.review import files as fs
from verifier.review.files import TargetError, TargetExists, check_target, write_atomic
from verifier.review.store import ReviewStore


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    return make_store(tmp_path / "review.db")


def export_to(store: Path, target: Path | str, *extra: str) -> list[str]:
    return ["export", "--store", str(store), "--format", "json", "-o", str(target), *extra]


def assert_one_error_line(code: int, err: str, *words: str) -> None:
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("verifier: error:"), err
    for word in words:
        assert word in err, err


# --- the command ---


def test_export_paths_refuse_dev_null(store_file: Path, capsys: pytest.CaptureFixture[str]):
    before = os.stat("/dev/null")
    code, _, err = run_cli(export_to(store_file, "/dev/null", "--force"), capsys)
    assert_one_error_line(code, err, "not a regular file")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_export_paths_refuse_fifo(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run_cli(export_to(store_file, fifo, "--force"), capsys)
    assert_one_error_line(code, err, "not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_export_paths_refuse_folder(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    code, _, err = run_cli(export_to(store_file, tmp_path, "--force"), capsys)
    assert_one_error_line(code, err, "directory")


@pytest.mark.parametrize("how", ["same path", "symlink", "hardlink", "other name", "wal file"])
def test_export_paths_never_write_the_store(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
):
    before = store_file.read_bytes()
    target = {
        "same path": store_file,
        "symlink": tmp_path / "link.json",
        "hardlink": tmp_path / "hard.json",
        "other name": tmp_path / "." / "review.db",
        "wal file": tmp_path / "review.db-wal",
    }[how]
    if how == "symlink":
        target.symlink_to(store_file)
    elif how == "hardlink":
        os.link(store_file, target)
    code, _, err = run_cli(export_to(store_file, target, "--force"), capsys)
    assert_one_error_line(code, err, "review store")
    assert store_file.read_bytes() == before
    with ReviewStore(store_file, create=False) as s:
        assert len(s) == 3


def test_export_paths_existing_file_needs_force(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    target = tmp_path / "notes.json"
    target.write_text("keep me")
    code, _, err = run_cli(export_to(store_file, target), capsys)
    assert_one_error_line(code, err, "exists", "--force")
    assert target.read_text() == "keep me"
    code, _, _ = run_cli(export_to(store_file, target, "--force"), capsys)
    assert code == 0 and len(json.loads(target.read_text())["items"]) == 3


def test_export_paths_follow_symlink_to_regular_file(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    real = tmp_path / "sub" / "real.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, _, _ = run_cli(export_to(store_file, link, "--force"), capsys)
    assert code == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert len(json.loads(real.read_text())["items"]) == 3
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.json"]


def test_export_paths_refuse_dangling_symlink(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "missing.json")
    code, _, err = run_cli(export_to(store_file, link, "--force"), capsys)
    assert_one_error_line(code, err, "symbolic link")
    assert link.is_symlink() and not (tmp_path / "missing.json").exists()


def test_export_paths_error_line_shows_escapes_visibly(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    target = tmp_path / "\x1b]0;pwned\x07\u202enope" / "x.md"
    code, _, err = run_cli(export_to(store_file, target), capsys)
    assert_one_error_line(code, err, "does not exist", "\\x1b]0;pwned\\x07\\u202enope")
    assert "\x1b" not in err and "\u202e" not in err


def test_export_paths_default_store_from_data_folder(
    store_file: Path, capsys: pytest.CaptureFixture[str]
):
    args = ["--data-dir", str(store_file.parent), "export", "--format", "csv"]
    code, out, _ = run_cli(args, capsys)
    assert code == 0 and out.count("\r\n") == 4  # header and three claims


# --- write_atomic and check_target, the API the app uses ---


def test_export_paths_check_target_api(tmp_path: Path, store_file: Path):
    existing = tmp_path / "a.md"
    existing.write_text("x")
    assert check_target(existing) == existing
    with pytest.raises(TargetExists) as info:
        check_target(existing, overwrite=False)
    assert isinstance(info.value, TargetError) and isinstance(info.value, UserError)
    assert info.value.path == existing
    with pytest.raises(TargetError, match="review store"):
        write_atomic(store_file, "x", protect=[store_file])
    with pytest.raises(TargetExists):
        write_atomic(existing, "new", overwrite=False)
    assert existing.read_text() == "x"
    assert write_atomic(tmp_path / "new.md", "new", overwrite=False) == tmp_path / "new.md"


def test_export_write_atomic_replaces_file(tmp_path: Path):
    target = tmp_path / "notes.md"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_export_write_atomic_failure_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
):
    target = tmp_path / "notes.csv"
    target.write_text("old complete export")

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(fs.os, failing, boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new export " * 10_000)
    assert target.read_text() == "old complete export"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.csv"]


def test_export_write_atomic_failure_mid_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "notes.json"
    target.write_text("{}")

    real_fdopen = os.fdopen

    def half_writer(fd: int, *args: object, **kwargs: object):
        fh = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]
        real_write = fh.write

        def write(text: str) -> int:
            real_write(text[: len(text) // 2])
            fh.flush()
            raise RuntimeError("killed mid-write")

        fh.write = write
        return fh

    monkeypatch.setattr(fs.os, "fdopen", half_writer)
    with pytest.raises(RuntimeError):
        write_atomic(target, "x" * 100_000)
    assert target.read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.json"]


def test_export_write_atomic_missing_folder(tmp_path: Path):
    with pytest.raises(UserError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "x.md", "x")


# --- the command ---
def test_export_write_atomic_new_file_follows_umask(tmp_path: Path):
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.md", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o640


def test_export_command_unwritable_output_is_one_line(
    store_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
):
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fs, "_create_temp", denied)
    args = ["export", "--store", str(store_file), "--format", "md", "-o", str(tmp_path / "x.md")]
    code, _, err = run_cli(args, capsys)
    assert code == 2
    assert err == f"verifier: error: cannot write {tmp_path / 'x.md'}: Permission denied\n"


def test_export_paths_no_overwrite_holds_against_a_file_made_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    target = tmp_path / "race.md"
    real_check = fs.check_target

    def check_then_someone_writes(path: Path, **kwargs: object) -> Path:
        checked = real_check(path, **kwargs)  # type: ignore[arg-type]
        target.write_text("theirs")  # another process creates the file after the check
        return checked

    monkeypatch.setattr(fs, "check_target", check_then_someone_writes)
    with pytest.raises(TargetExists):
        write_atomic(target, "ours", overwrite=False)
    assert target.read_text() == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["race.md"]
