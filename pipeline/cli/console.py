"""Where commands write: a rich console, and the one way a command reports an error."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console


def make_console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `message` on stderr and return the exit to raise, so the caller's
    `raise fail(...) from exc` keeps the cause."""
    make_console(stderr=True).print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)
