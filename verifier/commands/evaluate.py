"""``verifier eval ...``: score the engine on public datasets given by file paths."""

import click

from verifier.commands._lazy import LazySubgroup


@click.group(
    cls=LazySubgroup,
    lazy_commands={
        "attribution": "verifier.commands.eval_attribution:attribution",
        "casualties": "verifier.commands.eval_casualties:casualties",
        "stance": "verifier.commands.eval_stance:stance",
        "retrieval": "verifier.commands.eval_retrieval:retrieval",
        "verification": "verifier.commands.eval_verification:verification",
        "linking": "verifier.commands.eval_linking:linking",
    },
)
def evaluate() -> None:
    """Evaluate on a dataset in its public file format (never trains on what it scores)."""
