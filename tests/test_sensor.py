"""The batch sensor, evaluated with Dagster's own test context."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipeline.partitions import batches
from pipeline.resources import FoiaSettings
from pipeline.sensors import batch_fingerprint, new_batches


def _tick(instance: dg.DagsterInstance, raw: Path, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(
        instance=instance, cursor=cursor, resources={"settings": FoiaSettings(raw_root=str(raw))}
    )
    result = new_batches(context)
    assert isinstance(result, dg.SensorResult)
    for request in result.dynamic_partitions_requests or []:
        instance.add_dynamic_partitions(batches.name, list(request.partition_keys or []))
    return result


def test_sensor_requests_new_and_changed_batches_once(tmp_path: Path) -> None:
    raw = tmp_path / "raw_docs"
    (raw / "jan").mkdir(parents=True)
    (raw / "jan" / "letter.txt").write_text("records request response")
    (raw / ".hidden").mkdir()
    with dg.instance_for_test() as instance:
        first = _tick(instance, raw, None)
        assert [r.partition_key for r in first.run_requests or []] == ["jan"]
        assert instance.get_dynamic_partitions(batches.name) == ["jan"]

        quiet = _tick(instance, raw, first.cursor)
        assert not quiet.run_requests

        (raw / "feb").mkdir()
        (raw / "feb" / "policy.txt").write_text("policy")
        (raw / "jan" / "letter.txt").write_text("records request response, amended")
        changed = _tick(instance, raw, quiet.cursor)
        keys = sorted(r.partition_key for r in changed.run_requests or [])
        assert keys == ["feb", "jan"]
        run_keys = {r.run_key for r in changed.run_requests or []}
        assert all(k and ":" in k for k in run_keys)
        assert sorted(instance.get_dynamic_partitions(batches.name)) == ["feb", "jan"]


def test_fingerprint_changes_with_content_not_with_nothing(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    f = tmp_path / "a" / "x.csv"
    f.write_text("id,reason\n1,inv\n")
    before = batch_fingerprint(tmp_path)
    assert batch_fingerprint(tmp_path) == before
    f.write_text("id,reason\n1,inv\n2,ICE\n")
    os.utime(f, ns=(1, 1))
    assert batch_fingerprint(tmp_path) != before
