"""The Dagster code location loads, and `foia ui` serves it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dagster as dg

from pipeline.definitions import defs

ROOT = Path(__file__).resolve().parents[1]


def test_definitions_are_loadable_with_assets_checks_job_and_sensor() -> None:
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert keys == {"ingested_files", "page_texts", "extractions", "warehouse"}
    checks = {k.name for k in graph.asset_check_keys}
    assert {"every_file_accounted_for", "every_page_has_method"} <= checks
    assert defs.resolve_job_def("process_batch") is not None
    assert defs.resolve_sensor_def("new_batches") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_foia_ui_serves_the_code_location(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(ROOT),
        "FOIA_DAGSTER_STATE": str(tmp_path / "state"),
        "FOIA_DAGSTER_STATE_DB": str(tmp_path / "state"),
    }
    foia = str(Path(sys.executable).parent / "foia")
    proc = subprocess.Popen(
        [foia, "ui", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        info = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5) as r:
                    info = json.load(r)
                break
            except OSError:
                time.sleep(1)
        assert info is not None, "the Dagster UI did not answer within 120 s"
        query = json.dumps(
            {
                "query": "{ repositoriesOrError { ... on RepositoryConnection "
                "{ nodes { name sensors { name } } } } }"
            }
        ).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/graphql",
            data=query,
            headers={"Content-Type": "application/json"},
        )
        deadline = time.monotonic() + 60
        sensors: list[str] = []
        while time.monotonic() < deadline and not sensors:
            with urllib.request.urlopen(request, timeout=10) as r:
                body = json.load(r)
            nodes = (body.get("data") or {}).get("repositoriesOrError", {}).get("nodes") or []
            sensors = [s["name"] for n in nodes for s in n["sensors"]]
            if not sensors:
                time.sleep(1)
        assert "new_batches" in sensors
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
