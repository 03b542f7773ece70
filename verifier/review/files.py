"""Writing export files: regular files only, never the review store, atomic, no silent overwrite.

A symbolic link is followed to the regular file it names (the link stays a link); devices,
FIFOs, sockets, folders, dangling links and the protected files (the review store and its
SQLite side files, also through another link or name) are refused with a :class:`TargetError`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from verifier.errors import UserError
from verifier.safetext import for_terminal

# Files SQLite keeps beside a database: writing over them damages the store too.
SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


class TargetError(UserError):
    """The export target cannot or may not be written; the message is one line for the user."""


class TargetExists(TargetError):
    """The target is an existing file and ``overwrite`` was not given."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{for_terminal(str(path))} exists")
        self.path = path


def check_target(
    path: str | Path, *, overwrite: bool = True, protect: Iterable[str | Path] = ()
) -> Path:
    """The regular file to write for ``path`` (symbolic links resolved), or raise TargetError.

    ``protect`` lists files that must never be written (the review store); ``overwrite=False``
    refuses an existing file with :class:`TargetExists`.
    """
    given = Path(path).expanduser()
    shown = for_terminal(str(given))
    target = given
    if given.is_symlink():
        try:
            target = given.resolve(strict=True)
        except (OSError, RuntimeError):
            raise TargetError(
                f"cannot write {shown}: a symbolic link to a missing file (or a loop)"
            ) from None
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise TargetError(f"cannot write {shown}: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise TargetError(f"cannot write {shown}: it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise TargetError(
            f"cannot write {shown}: not a regular file (a device, FIFO or socket); "
            "exports only write regular files"
        )
    if not target.parent.is_dir():
        raise TargetError(
            f"cannot write {shown}: folder {for_terminal(str(target.parent))} does not exist"
        )
    if _is_protected(target, info, protect):
        raise TargetError(f"cannot write {shown}: it is the review store being exported")
    if info is not None and not overwrite:
        raise TargetExists(given)
    return target


def _is_protected(target: Path, info: os.stat_result | None, protect: Iterable[str | Path]) -> bool:
    real = target.parent.resolve() / target.name
    for base in protect:
        for suffix in SQLITE_SIDE_FILES:
            guarded = Path(f"{Path(base).expanduser()}{suffix}")
            if guarded.parent.resolve() / guarded.name == real:
                return True
            try:
                other = os.stat(guarded)
            except OSError:
                continue
            if info is not None and (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
                return True
    return False


def write_atomic(
    path: str | Path,
    text: str,
    *,
    overwrite: bool = True,
    protect: Iterable[str | Path] = (),
) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through a synced temp file in the same folder.

    Checks the target with :func:`check_target` (``overwrite`` and ``protect`` as there); a
    new file gets mode 0o666 less the umask, a replaced file keeps its mode. A failure at any
    point leaves an existing file as it was and removes the temp file. Returns the file written.
    """
    protect = tuple(protect)
    target = check_target(path, overwrite=overwrite, protect=protect)
    folder = target.parent
    fd, tmp = _create_temp(folder, target.name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):  # a new file keeps 0o666 less the umask
            os.chmod(tmp, os.stat(target).st_mode & 0o777)
        if overwrite:
            check_target(target, protect=protect)  # still a regular file
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    return target


def _create_temp(folder: Path, name: str) -> tuple[int, Path]:
    """A new, empty temp file beside the target, created 0o666 so the umask applies."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = folder / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp file name in {folder}")


def _link_new(tmp: Path, target: Path) -> None:
    """Move ``tmp`` to ``target`` only if ``target`` does not exist (no race with a new file)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise TargetExists(target) from None
    except OSError:  # no hard links on this file system
        if os.path.lexists(target):
            raise TargetExists(target) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory; the rename has happened
    finally:
        os.close(fd)
