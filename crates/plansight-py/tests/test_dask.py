"""The cluster example end to end: 3,000 generated plans read by
examples/dask_plans.py on a LocalCluster of two worker processes, written as
Parquet partitioned by plan, summed by plan and type with Dask; the sums are
the generator's and `plansight batch`'s, to the 分."""

import csv
import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq

from conftest import ROOT
from generate import generate

EXAMPLE = ROOT / "crates" / "plansight-py" / "examples" / "dask_plans.py"
PLANS = 3000


def test_dask_sums_equal_plansight_batch(cli, scratch):
    plans, out = scratch / "dask" / "plans", scratch / "dask" / "out"
    expected = generate(plans, PLANS)
    (plans / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")

    t0 = time.perf_counter()
    run = subprocess.run(
        [sys.executable, EXAMPLE, plans, out, "--workers", "2", "--files-per-task", "250"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    elapsed = time.perf_counter() - t0
    assert run.returncode == 0, run.stderr[-3000:]
    print(f"\n{run.stdout.strip()} ({elapsed:.1f} s)")
    assert f"{PLANS + 1} files on 2 workers: {PLANS} read, 1 failed" in run.stdout

    with open(out / "by_source_type.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    dask_totals = {(r["source"], r["type"]): int(r["investment_fen"]) for r in rows}
    for r in rows:
        assert Decimal(r["investment"]) * 10**10 == int(r["investment_fen"])
    assert dask_totals == expected

    # `plansight batch` over the same folder: its float 亿元 per row, back to 分, summed.
    dataset = scratch / "dask" / "batch.parquet"
    batch = subprocess.run([cli, "batch", plans, "--jobs", "2", "-o", dataset], capture_output=True, text=True)
    assert f"{PLANS} of {PLANS + 1} files read" in batch.stderr, batch.stderr[-2000:]
    batch_totals = {}
    for row in pq.read_table(dataset, columns=["source", "type", "investment"]).to_pylist():
        key = (row["source"], row["type"])
        batch_totals[key] = batch_totals.get(key, 0) + round(Decimal(row["investment"]) * 10**10)
    assert dask_totals == batch_totals

    failures = json.loads((out / "failures.json").read_text())
    assert [f["source"] for f in failures] == [str(plans / "broken.docx")]

    # The dataset written holds every project: summed again by pyarrow, the same totals.
    written = ds.dataset(out / "projects", format="parquet", partitioning="hive")
    summed = written.to_table(columns=["source", "type", "investment_fen"]).group_by(["source", "type"])
    summed = summed.aggregate([("investment_fen", "sum")]).to_pylist()
    assert {(r["source"], r["type"]): r["investment_fen_sum"] for r in summed} == expected

    # Partitioned by plan: each directory holds that plan's rows, and only them.
    parts = sorted(p for p in (out / "projects").iterdir() if p.name.startswith("plan="))
    assert len(parts) == PLANS
    one = ds.dataset(parts[0], format="parquet").to_table(columns=["source"])
    assert len(set(one["source"].to_pylist())) == 1
