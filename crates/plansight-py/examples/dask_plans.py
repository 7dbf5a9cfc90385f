"""A folder of plans read on a Dask cluster, written as Parquet partitioned by
plan, and summed by plan and project type with Dask DataFrame, exactly
(integer 分, never floats).

    python dask_plans.py PLANS OUT [--workers 2] [--files-per-task 100] [--scheduler tcp://host:8786]

Without --scheduler it starts a LocalCluster of worker *processes* on this
machine (127.0.0.1 only). With one, the same code runs on that cluster: every
worker needs the plansight wheel installed and PLANS on storage it can read at
the same path (NFS, a mounted bucket). Each task reads one batch of files with
``plansight.read_many`` (the Rust core, GIL released); nothing is parsed or
summed in Python but by Dask itself.

Writes:
- OUT/projects/plan=…/part.N.parquet: every project, partitioned by plan (the
  ``plan`` key is the file's path under PLANS, percent-encoded: Dask writes a
  partition value into a directory name as it is, and sources hold slashes);
- OUT/by_source_type.csv: source, type, projects, investment_fen (exact 分),
  investment (亿元, the exact decimal);
- OUT/failures.json: the files that could not be read, with the reader's reason.
"""

import argparse
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

COLUMNS = ["source", "no", "type", "name", "investment_fen", "start_year", "end_year", "builder_kind", "line"]


def read_batch(paths, root):
    """One task: a batch of plan files → their projects as a pandas DataFrame
    (integers kept integers: nullable Int64, so the 分 stay exact), and the
    files that could not be read."""
    import pandas as pd
    import pyarrow as pa

    import plansight

    table, failures = plansight.read_many(paths, jobs=1, errors="skip")
    ints = {pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int32Dtype(), pa.uint32(): pd.UInt32Dtype()}
    frame = table.select(COLUMNS).to_pandas(types_mapper=ints.get)
    plan = [quote(os.path.relpath(s, root), safe="") for s in frame["source"]]
    frame["plan"] = pd.Series(plan, index=frame.index, dtype=frame["source"].dtype)
    return {"frame": frame, "failures": failures}


def frame_of(part):
    return part["frame"]


def failures_of(part):
    return part["failures"]


def run(plans, out, client, files_per_task):
    import dask
    import dask.dataframe as dd

    import plansight

    files = plansight.files(plans)
    batches = [files[i : i + files_per_task] for i in range(0, len(files), files_per_task)]
    root = str(plans)
    parts = client.map(read_batch, batches, root=root, pure=False)
    meta = read_batch([], root)["frame"]
    projects = dd.from_delayed(client.map(frame_of, parts), meta=meta, verify_meta=False).persist()
    projects.to_parquet(out / "projects", partition_on=["plan"], write_index=False, overwrite=True)
    failures = [f for batch in client.gather(client.map(failures_of, parts)) for f in batch]

    # Summed where the projects are held (one partition per task). A later job
    # reads OUT/projects with dd.read_parquet; with one small file per plan that
    # is thousands of partitions, so it is left to jobs that need it.
    groups = projects.groupby(["source", "type"], observed=True)["investment_fen"]
    # One tree reduction each (split_out=1): no shuffle for a few thousand groups.
    totals, counts = dask.compute(groups.sum(split_out=1), groups.size(split_out=1))
    totals = totals.astype("Int64")
    result = (
        counts.rename("projects").to_frame().join(totals.rename("investment_fen")).reset_index().sort_values(["source", "type"])
    )
    result["investment"] = [str(Decimal(int(f)).scaleb(-10).normalize()) for f in result["investment_fen"]]
    result.to_csv(out / "by_source_type.csv", index=False)
    (out / "failures.json").write_text(json.dumps(failures, ensure_ascii=False, indent=1))
    return files, result, failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plans", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--scheduler", help="a running cluster's scheduler, e.g. tcp://scheduler:8786")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    parser.add_argument("--files-per-task", type=int, default=100)
    args = parser.parse_args(argv)
    from dask.distributed import Client, LocalCluster

    args.out.mkdir(parents=True, exist_ok=True)
    if args.scheduler:
        cluster, client = None, Client(args.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
        client = Client(cluster)
    try:
        workers = len(client.scheduler_info().get("workers", {}))
        files, result, failures = run(args.plans, args.out, client, args.files_per_task)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    total = int(result["investment_fen"].sum())
    print(
        f"{len(files)} files on {workers} workers: "
        f"{len(files) - len(failures)} read, {len(failures)} failed; {int(result['projects'].sum())} projects, "
        f"{Decimal(total).scaleb(-10).normalize()} 亿元 ({total} 分) -> {args.out / 'by_source_type.csv'}"
    )
    for f in failures:
        print(f"  {f['source']}: {f['message']}", file=sys.stderr)


if __name__ == "__main__":
    main()
