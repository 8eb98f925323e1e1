"""The daily schedule and the sensor, evaluated with Dagster's own test contexts.

Runs that mark a batch as loaded are real in-process runs of the pipeline (tiny
text batches), so the schedule is checked against the tags `foia run` really puts
on its runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

import pipeline.schedules as schedules
import pipeline.sensors as sensors
from pipeline.definitions import defs
from pipeline.partitions import batches
from pipeline.resources import FoiaSettings
from pipeline.runner import BatchRef, run_batch
from pipeline.schedules import DEFAULT_CRON, daily_batches, schedule_cron
from pipeline.sensors import FINGERPRINT_TAG, new_batches, run_fingerprint

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.instance_for_test() as inst:
        yield inst


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw_docs"
    for batch, text in (("jan", "Records request response."), ("feb", "ALPR policy.")):
        (raw / batch).mkdir(parents=True)
        (raw / batch / "letter.txt").write_text(text)
    (raw / ".trash").mkdir()
    (raw / ".trash" / "old.txt").write_text("ignored")
    return raw


def _tick(instance: dg.DagsterInstance, raw: Path) -> list[dg.RunRequest]:
    """One schedule evaluation as the daemon does it (partition keys resolved)."""
    context = dg.build_schedule_context(
        instance=instance,
        resources={"settings": FoiaSettings(raw_root=str(raw))},
        repository_def=defs.get_repository_def(),
    )
    data = daily_batches.evaluate_tick(context)
    return list(data.run_requests or [])


def test_first_tick_requests_every_batch_folder_and_registers_partitions(
    instance: dg.DagsterInstance, tmp_path: Path
) -> None:
    raw = _raw(tmp_path)
    requests = _tick(instance, raw)
    assert sorted(r.partition_key or "" for r in requests) == ["feb", "jan"]
    assert sorted(instance.get_dynamic_partitions(batches.name)) == ["feb", "jan"]
    for request in requests:
        assert request.tags[FINGERPRINT_TAG] == run_fingerprint(raw / str(request.partition_key))
        assert request.run_key == request.partition_key


def test_loaded_batches_are_skipped_until_files_or_code_change(
    instance: dg.DagsterInstance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _raw(tmp_path)
    warehouse = tmp_path / "foia.duckdb"
    for batch in ("jan", "feb"):
        outcome = run_batch(BatchRef(raw, batch), warehouse, workers=1, instance=instance)
        assert outcome.success
    assert _tick(instance, raw) == []
    raw_result = daily_batches(
        dg.build_schedule_context(
            instance=instance, resources={"settings": FoiaSettings(raw_root=str(raw))}
        )
    )
    assert isinstance(raw_result, dg.SkipReason)

    letter = raw / "jan" / "letter.txt"
    letter.write_text("Records request response, amended with a second page.")
    os.utime(letter, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    (raw / "mar").mkdir()
    (raw / "mar" / "minutes.txt").write_text("Council approved cameras.")
    assert sorted(r.partition_key or "" for r in _tick(instance, raw)) == ["jan", "mar"]

    # An extractor upgrade changes what every batch would produce.
    real = sensors.code_versions()
    monkeypatch.setattr(schedules, "code_versions", lambda: real + "-bumped")
    assert sorted(r.partition_key or "" for r in _tick(instance, raw)) == ["feb", "jan", "mar"]


def test_a_failed_run_does_not_count_as_loaded(
    instance: dg.DagsterInstance, tmp_path: Path
) -> None:
    raw = _raw(tmp_path)
    fingerprint = run_fingerprint(raw / "jan")
    instance.add_dynamic_partitions(batches.name, ["jan"])
    instance.add_run(
        dg.DagsterRun(
            job_name="process_batch",
            run_id=str(uuid.uuid4()),
            status=dg.DagsterRunStatus.FAILURE,
            tags={"dagster/partition": "jan", FINGERPRINT_TAG: fingerprint},
        )
    )
    assert "jan" in {r.partition_key for r in _tick(instance, raw)}


def test_a_run_in_progress_for_the_same_fingerprint_is_not_requested_twice(
    instance: dg.DagsterInstance, tmp_path: Path
) -> None:
    raw = _raw(tmp_path)
    instance.add_dynamic_partitions(batches.name, ["jan"])
    instance.add_run(
        dg.DagsterRun(
            job_name="process_batch",
            run_id=str(uuid.uuid4()),
            status=dg.DagsterRunStatus.STARTED,
            tags={"dagster/partition": "jan", FINGERPRINT_TAG: run_fingerprint(raw / "jan")},
        )
    )
    assert [r.partition_key for r in _tick(instance, raw)] == ["feb"]


def test_sensor_requests_again_when_the_code_version_changes(
    instance: dg.DagsterInstance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _raw(tmp_path)

    def tick(cursor: str | None) -> dg.SensorResult:
        context = dg.build_sensor_context(
            instance=instance,
            cursor=cursor,
            resources={"settings": FoiaSettings(raw_root=str(raw))},
        )
        result = new_batches(context)
        assert isinstance(result, dg.SensorResult)
        for request in result.dynamic_partitions_requests or []:
            instance.add_dynamic_partitions(batches.name, list(request.partition_keys or []))
        return result

    first = tick(None)
    assert all(r.tags[FINGERPRINT_TAG] for r in first.run_requests or [])
    assert not tick(first.cursor).run_requests
    real = sensors.code_versions()
    monkeypatch.setattr(sensors, "code_versions", lambda: real + "-bumped")
    again = tick(first.cursor)
    assert sorted(r.partition_key or "" for r in again.run_requests or []) == ["feb", "jan"]


def test_cron_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOIA_SCHEDULE_CRON", raising=False)
    assert schedule_cron() == DEFAULT_CRON == daily_batches.cron_schedule
    monkeypatch.setenv("FOIA_SCHEDULE_CRON", "*/15 * * * *")
    assert schedule_cron() == "*/15 * * * *"
    code = "from pipeline.schedules import daily_batches as s; print(s.cron_schedule)"
    env = {**os.environ, "FOIA_SCHEDULE_CRON": "30 6 * * 1"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "30 6 * * 1"


def test_watch_refuses_a_bad_cron_before_starting_the_daemon(tmp_path: Path) -> None:
    raw = tmp_path / "raw_docs"
    raw.mkdir()
    env = {
        **os.environ,
        "FOIA_DAGSTER_STATE": str(tmp_path / "state"),
        "FOIA_DAGSTER_STATE_DB": str(tmp_path / "state"),
    }
    foia = str(Path(sys.executable).parent / "foia")
    out = subprocess.run(
        [foia, "watch", "--raw-root", str(raw), "--schedule", "every day"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode == 1
    assert "every day" in out.stderr and "cron" in out.stderr.lower()
