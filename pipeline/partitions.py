"""Runs are partitioned by batch (a folder under raw_docs/), never by document:
one Dagster run per document would cost seconds of overhead each."""

import dagster as dg

batches = dg.DynamicPartitionsDefinition(name="batches")
