"""`python -m pipeline.cli`, the same as the `foia` command."""

from pipeline.cli.main import app

app()
