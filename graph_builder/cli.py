"""Command line: python -m graph_builder build|validate|stats|eval (a thin shell over the library).

Exit codes (graph_builder/errors.py): 0 success · 1 some inputs skipped · 2 usage error ·
3 no input could be read (nothing replaced) · 4 validation failed · 5 internal error.
"""
from __future__ import annotations

import sys

import click

from . import errors
from .settings import SETTINGS


def _fail(error: errors.GovkgError) -> None:
    click.echo(f"error: {error}", err=True)
    sys.exit(error.exit_code)


def format_counts(counts: dict[str, int]) -> str:
    width = max((len(name) for name in counts), default=0)
    return "\n".join(f"  {name:<{width}}  {n:>7}" for name, n in counts.items())


class _Group(click.Group):
    """Unexpected exceptions exit with EXIT_INTERNAL (not Python's 1, which means 'inputs skipped')."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except errors.GovkgError as error:
            _fail(error)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception:  # noqa: BLE001 - the last resort of a command line tool
            import traceback

            traceback.print_exc()
            click.echo("error: internal error (see the traceback above)", err=True)
            sys.exit(errors.EXIT_INTERNAL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """govkg: Chinese municipal government gazettes to an RDF knowledge graph."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", default=SETTINGS.data_dir, show_default=True, type=click.Path(),
              help="data directory to (re)place")
@click.option("--base-iri", default=None, help=f"base of instance IRIs [default: {SETTINGS.base_iri}]")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar")
@click.option("--workers", "-j", type=click.IntRange(min=0), default=None,
              help="processes extracting files [default: all cores; 1 = in this process]")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="run the per-file steps on a Dask distributed scheduler (e.g. tcp://host:8786)")
@click.option("--no-cache", is_flag=True, help="re-extract every file (no DIR/cache)")
@click.option("--cache-dir", default=None, type=click.Path(file_okay=False),
              help="per-file extraction cache [default: DIR/cache]")
def build(paths, out_dir, base_iri, quiet, workers, scheduler, no_cache, cache_dir) -> None:
    """Build the graph of gazette files or folders PATH... into --out."""
    from .pipeline import build as run_build

    try:
        report = run_build(paths, out_dir, base_iri=base_iri, progress=not quiet, workers=workers or None,
                           scheduler=scheduler, cache_dir=cache_dir, use_cache=not no_cache)
    except errors.GovkgError as error:
        _fail(error)
    for message in report.skipped:
        click.echo(message, err=True)
    click.echo(f"built {report.out_dir} from {len(report.inputs)} input(s), {report.quads} quads "
               f"in {report.seconds:.1f} s ({report.extracted} extracted, the others from the cache)")
    click.echo(format_counts(report.counts))
    sys.exit(errors.EXIT_SKIPPED if report.skipped else errors.EXIT_OK)


@main.command()
@click.argument("data_dir", type=click.Path())
def validate(data_dir) -> None:
    """Check the built graph in DATA_DIR against the SHACL shapes (ontology/shapes.ttl)."""
    from .validate import validate as run_validate

    try:
        conforms, text = run_validate(data_dir)
    except FileNotFoundError as error:
        _fail(errors.StopRun(str(error)))
    click.echo(text)
    sys.exit(errors.EXIT_OK if conforms else errors.EXIT_INVALID)


@main.command()
@click.argument("data_dir", type=click.Path())
def stats(data_dir) -> None:
    """Counts per class, per named graph and inputs of the built graph in DATA_DIR."""
    from .store import graph_stats

    try:
        summary = graph_stats(data_dir)
    except FileNotFoundError as error:
        _fail(errors.StopRun(str(error)))
    click.echo(f"{summary['quads']} quads in {len(summary['graphs'])} named graph(s)")
    for graph, n in summary["graphs"].items():
        click.echo(f"  {graph}  {n}")
    click.echo("instances per class:")
    click.echo(format_counts(summary["counts"]))


@main.command(name="eval")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True), help="gold annotation JSON")
@click.argument("texts", nargs=-1, required=True, type=click.Path(exists=True))
def evaluate(gold_path, texts) -> None:
    """Precision, recall and F1 of the extractors against a gold file."""
    from .evaluate import run

    try:
        click.echo(run(gold_path, list(texts)))
    except errors.GovkgError as error:
        _fail(error)
