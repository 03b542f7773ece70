"""Whether the app still has a terminal to draw on."""

from __future__ import annotations

import os


def terminal_gone() -> bool:
    """Whether the controlling terminal has gone (closed window, dropped SSH): opening
    ``/dev/tty`` then fails. Left running, the app would spin on a dead terminal."""
    if os.name != "posix":
        return False
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return True
    os.close(fd)
    return False
