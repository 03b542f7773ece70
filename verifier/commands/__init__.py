"""Subcommands of the ``verifier`` CLI, one module each."""
