"""The `foia` Typer app: every command registered in the order `foia --help` lists them.

Commands live in one module per job; registering them here, in one place, keeps
the help's order explicit and the command modules free of a shared global.
"""

from __future__ import annotations

import typer

from pipeline.cli import agencies, evaluation, publish, query, runs, services

app = typer.Typer(
    name="foia",
    help="Turn public-records responses about license plate readers into a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command()(runs.run)
app.command()(runs.status)
app.command()(query.sql)
app.command()(publish.compare)
app.command()(publish.report)
app.add_typer(agencies.agencies_app, name="agencies")
app.command()(publish.export)
app.command("eval")(evaluation.evaluate)
app.command("eval-text")(evaluation.evaluate_text)
app.command()(services.ui)
app.command()(services.watch)
