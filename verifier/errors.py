"""Errors meant for the user: the CLI prints them as one line on stderr and exits non-zero."""


class UserError(Exception):
    """Bad input or a problem the user can fix; its message is shown as is, without a traceback."""
