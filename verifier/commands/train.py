"""``verifier train ...``: reproduce the project's trained models from ../shared/eval."""

import click

from verifier.commands._lazy import LazySubgroup


@click.group(
    cls=LazySubgroup,
    lazy_commands={
        "stance": "verifier.commands.train_stance:train_stance",
        "attribution": "verifier.commands.train_attribution:train_attribution",
    },
)
def train() -> None:
    """Train a model from the public training splits; writes weights into verifier/weights/."""
