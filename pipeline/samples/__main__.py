"""`python -m pipeline.samples OUT_DIR`: write the sample batch (or a benchmark batch).

Kept apart from the `foia` CLI so `make sample` works before the pipeline does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.samples.bench import generate_bench_batch
from pipeline.samples.generate import generate_sample_batch, sample_batch_complete
from pipeline.samples.manifest import expected_path

app = typer.Typer(add_completion=False, help=__doc__)


@app.command()
def main(
    out_dir: Annotated[Path, typer.Argument(help="batch folder to write")] = Path(
        "raw_docs/sample"
    ),
    force: Annotated[bool, typer.Option("--force", help="rewrite even if complete")] = False,
    bench_pages: Annotated[
        int, typer.Option("--bench-pages", help="write a benchmark batch of N pages instead")
    ] = 0,
    scanned_share: Annotated[float, typer.Option(help="benchmark: share of scanned pages")] = 0.10,
    seed: Annotated[int, typer.Option(help="benchmark: random seed")] = 7,
) -> None:
    """Write the sample batch into OUT_DIR and its expected facts beside it."""
    if bench_pages:
        generate_bench_batch(out_dir, pages=bench_pages, scanned_share=scanned_share, seed=seed)
        typer.echo(f"benchmark batch: {bench_pages} pages in {out_dir}")
        return
    if not force and sample_batch_complete(out_dir):
        typer.echo(f"{out_dir} is complete; nothing to do (use --force to rewrite)")
        return
    manifest = generate_sample_batch(out_dir)
    typer.echo(
        f"wrote {len(manifest.disk_files)} files ({len(manifest.documents)} documents) "
        f"to {out_dir}; expected facts in {expected_path(out_dir)}"
    )


if __name__ == "__main__":
    app()
