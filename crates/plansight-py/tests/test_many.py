"""plansight.read_many against `plansight batch`: the same table, to the 分."""

import subprocess
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc
import pytest

import plansight
from conftest import FIXTURES, SEED

PLACES = FIXTURES / "places"


def batch(cli, paths, out, table="projects"):
    """`plansight batch` as an Arrow file: the table and the CLI's failures."""
    run = subprocess.run(
        [cli, "batch", *map(str, paths), "--table", table.replace("_", "-"), "--format", "arrow", "-o", out],
        capture_output=True,
        text=True,
    )
    failed = [line.strip().split(": ", 1) for line in run.stderr.splitlines() if line.startswith("  ")]
    return pa.ipc.open_file(out).read_all(), {source: message for source, message in failed}


@pytest.mark.parametrize("table", ["projects", "tasks", "task_units", "indicators"])
def test_read_many_is_plansight_batch(cli, scratch, table):
    want, cli_failed = batch(cli, [PLACES], scratch / f"places-{table}.arrow", table)
    got, failures = plansight.read_many(PLACES, jobs=2, table=table, errors="skip")
    # Every column the CLI writes, value for value, in the same order of plans and rows.
    assert got.select(want.column_names).equals(want), table
    assert got.column_names[-1] == "source" and want.column_names[-1] == "source"
    # The same files fail, with the same sentences.
    assert {f["source"]: f["message"] for f in failures} == cli_failed
    assert len(failures) == 2 and set(got["source"].to_pylist()) == set(want["source"].to_pylist())
    if table == "projects":
        # The exact amounts are the CLI's floats' 分, and sum to every place's expected total.
        fen = got["investment_fen"].to_pylist()
        assert [None if f is None else f / 10**10 for f in fen] == want["investment"].to_pylist()
        totals = {}
        for row in got.select(["source", "investment_decimal"]).to_pylist():
            if row["investment_decimal"] is not None:
                totals[row["source"]] = totals.get(row["source"], Decimal(0)) + row["investment_decimal"]
        import json

        expected = json.loads((PLACES / "expected.json").read_text())
        for name, case in expected.items():
            assert totals.get(str(PLACES / name), Decimal(0)) * 10**10 == case["total_fen"], name


def test_read_many_takes_files_and_folders_and_raises(scratch):
    folder = scratch / "many"
    (folder / "county").mkdir(parents=True)
    (folder / "county" / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "b.docx").write_bytes((FIXTURES / "lead_co.docx").read_bytes())
    (folder / ".hidden.txt").write_bytes(SEED.read_bytes())
    broken = folder / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")

    assert plansight.files(folder) == [str(folder / n) for n in ("b.docx", "broken.docx", "county/a.txt")]
    table, failures = plansight.read_many([folder], errors="skip", table="tasks")
    assert table.num_rows == 34 + 3
    assert sorted(set(table["source"].to_pylist())) == [str(folder / "b.docx"), str(folder / "county" / "a.txt")]
    assert [f["source"] for f in failures] == [str(broken)]
    assert "zip archive" in failures[0]["message"]

    with pytest.raises(plansight.PlanError) as e:
        plansight.read_many(folder, jobs=1, lang="zh")
    assert e.value.file == str(broken) and "zip 压缩包" in e.value.message
    assert [f["source"] for f in e.value.failures] == [str(broken)]

    only = plansight.read_many([Path(folder / "county" / "a.txt"), str(folder / "b.docx")], jobs=3)
    assert only.num_rows == 33 and sum(only["investment_fen"].to_pylist()) == 740_55 * 10**8
    assert set(only["source"].to_pylist()) == {str(folder / "county" / "a.txt")}

    empty, failures = plansight.read_many([broken], errors="skip")
    assert empty.num_rows == 0 and empty.column_names == only.column_names and len(failures) == 1
    with pytest.raises(FileNotFoundError):
        plansight.read_many([folder / "missing"])
    with pytest.raises(ValueError, match="errors"):
        plansight.read_many(folder, errors="ignore")
    with pytest.raises(ValueError, match="table"):
        plansight.read_many(folder, table="budgets")
