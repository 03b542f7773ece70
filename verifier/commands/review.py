"""``verifier review``: the Textual review workspace (textual is imported only when run)."""

from __future__ import annotations

import importlib
from pathlib import Path

import click


@click.command()
@click.argument("articles", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Corpus file or folder to draw evidence from (repeatable; default: the sample corpus).",
)
@click.option(
    "--store",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Review store file (default: $VERIFIER_HOME/review.db or "
    "~/.local/share/verifier/review.db).",
)
@click.option("--reviewer", default=None, help="Your name in the audit trail (default: $USER).")
@click.option(
    "--keys",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Key remapping TOML (default: $VERIFIER_HOME/keys.toml or ~/.config/verifier/keys.toml).",
)
@click.option(
    "--check/--no-check",
    default=None,
    help="Run the check on start (default: when the store holds no claims yet).",
)
def review(
    articles: tuple[Path, ...],
    corpus: tuple[Path, ...],
    store: Path | None,
    reviewer: str | None,
    keys: Path | None,
    check: bool | None,
) -> None:
    """Review claims in a terminal UI: queue, claim in context, evidence, figures, notes.

    With no ARTICLE, opens the bundled sample articles and corpus.
    """
    from verifier.errors import UserError

    for path in (*articles, *corpus):
        if not path.exists():
            raise UserError(f"no such file or folder: {path}")
    # The engine never imports the UI statically (import-linter contract); the CLI entry point
    # loads it by name, only when this command runs.
    ui = importlib.import_module("tui.app")
    config = importlib.import_module("tui.config")
    corpus_paths: list[Path] | None = list(corpus) or None
    article_paths = list(articles)
    if not article_paths:
        import corpora

        article_paths = corpora.sample_articles()
        corpus_paths = corpus_paths or corpora.sample_corpus()
    keymap = config.load_keymap(keys, known_ids=ui.binding_ids())
    app = ui.ReviewApp(
        store or config.default_store_path(),
        articles=article_paths,
        corpus=corpus_paths,
        reviewer=reviewer,
        keymap=keymap,
        check_on_start=check,
    )
    app.run()
