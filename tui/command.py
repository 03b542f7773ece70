"""``verifier review``: the Textual review workspace, a ``verifier.commands`` entry point.

The engine's CLI finds this command through the entry point, so it never imports the UI; textual
is imported only when the command runs.
"""

from __future__ import annotations

from functools import partial
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
    default=None,
    help="Review store: a file, or a team's postgresql:// URL [default: settings, else "
    "review.db in the data folder].",
)
@click.option(
    "--reviewer",
    default=None,
    help="Your name in the audit trail [default: settings, else the OS user].",
)
@click.option(
    "--keys",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Key remapping TOML [default: keys.toml in the config folder].",
)
@click.option(
    "--check/--no-check",
    default=None,
    help="Run the check on start (default: when the store holds no claims yet).",
)
@click.option(
    "--prepare",
    is_flag=True,
    help="Only build the sample corpus index (what `make run` does first), then exit.",
)
def review(
    articles: tuple[Path, ...],
    corpus: tuple[Path, ...],
    store: str | None,
    reviewer: str | None,
    keys: Path | None,
    check: bool | None,
    prepare: bool,
) -> None:
    """Review claims in a terminal UI: queue, claim in context, evidence, figures, notes.

    With no ARTICLE, opens the bundled sample articles and corpus.
    """
    from verifier.errors import UserError

    if prepare:
        prepare_sample()
        return

    for path in (*articles, *corpus):
        if not path.exists():
            raise UserError(f"no such file or folder: {path}")
    from tui import app as ui
    from tui import config
    from verifier.commands.context import current_settings
    from verifier.pipeline import iter_check

    corpus_paths: list[Path] | None = list(corpus) or None
    article_paths = list(articles)
    if not article_paths:
        import corpora

        article_paths = corpora.sample_articles()
        corpus_paths = corpus_paths or corpora.sample_corpus()
    settings = current_settings()
    keymap = config.load_keymap(keys or settings.keymap_file, known_ids=ui.binding_ids())
    app = ui.ReviewApp(
        store or settings.review_store,
        articles=article_paths,
        corpus=corpus_paths,
        reviewer=reviewer or settings.reviewer,
        keymap=keymap,
        check_on_start=check,
        checker=partial(iter_check, matching=settings.matching, sample_store=settings.sample_store),
        export_dir=settings.data_dir / "exports",
        organisation=settings.organisation,
    )
    app.run()
    if app.return_code:  # the app crashed (Textual has shown the traceback)
        raise SystemExit(app.return_code)


def prepare_sample() -> None:
    """Index the bundled sample corpus into its store (only what is new), with progress, and
    work out what a check needs over the whole corpus (:mod:`verifier.prepared`), so that the
    app's first check starts with its search."""
    from verifier.commands.context import current_settings
    from verifier.commands.progress_bar import ProgressPrinter
    from verifier.judge.facts import FactFinder
    from verifier.pipeline import open_index
    from verifier.prepared import prepared_corpus
    from verifier.retrieval.embed import load_embedder

    target = current_settings().sample_store
    target.parent.mkdir(parents=True, exist_ok=True)
    with ProgressPrinter() as printer:
        index = open_index(None, None, load_embedder(), printer.show, sample_store=target)
    try:
        prepared_corpus(index, FactFinder(index.claims_for_report))
        click.echo(f"sample corpus index ready: {target} ({len(index)} sentences)", err=True)
    finally:
        index.close()
