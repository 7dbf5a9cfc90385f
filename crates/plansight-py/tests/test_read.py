"""plansight.read against the fixtures' figures, the CLI's JSON and the engines."""

import json
import subprocess
import threading
import time
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import plansight
from conftest import FIXTURES, ROOT, SEED

CJK = lambda s: any("\u4e00" <= c <= "\u9fff" for c in s)  # noqa: E731


def units_by_task(plan):
    """The task_units table as each task's units in order, and its lead count."""
    units, leads = {}, {}
    for row in plan.task_units.to_pylist():
        units.setdefault(row["task_no"], []).append((row["position"], row["unit"]))
        leads[row["task_no"]] = leads.get(row["task_no"], 0) + (row["role"] == "lead")
    return {no: [u for _, u in sorted(us)] for no, us in units.items()}, leads


def test_the_seed_exactly():
    plan = plansight.read(SEED)
    projects = plan.projects
    assert isinstance(projects, pa.Table)
    assert projects.num_rows == 33
    # Exact: the decimals add up to the document's 740.55, and the 分 to its integer.
    assert sum(projects["investment_decimal"].to_pylist()) == Decimal("740.55")
    assert sum(projects["investment_fen"].to_pylist()) == 740_55 * 10**8
    assert plan.summary["total_investment_fen"] == 740_55 * 10**8
    assert plan.summary["projects"] == 33 and plan.summary["tasks"] == 34
    assert projects.schema.field("investment_decimal").type == pa.decimal128(19, 10)
    # The float column is the core's: the float nearest each exact amount.
    for yi, fen in zip(projects["investment"].to_pylist(), projects["investment_fen"].to_pylist()):
        assert yi == fen / 10**10
    assert projects.schema.metadata[b"plansight:table"] == b"projects"

    tasks = plan.tasks
    assert tasks.num_rows == 34
    units, leads = units_by_task(plan)
    for task in tasks.to_pylist():
        assert units[task["no"]] == task["units"].split("、"), task["no"]
        assert leads[task["no"]] == task["leads"], task["no"]
    assert plan.facts == {
        "title": "诸暨市“杭绍同城”三年行动计划（2023-2025）",
        "doc_no": None,
        "issuer": None,
        "date": None,
        "window": (2023, 2025),
    }
    fused = [f for f in plan.findings if f["code"] == "fused_builder"]
    assert fused and fused[0]["line"] == 290 and fused[0]["builder"] == "绍兴市柯诸高速公路有限公司"
    assert "read the builder as" in fused[0]["message_en"] and "建设单位按" in fused[0]["message_zh"]
    assert plan.file == str(SEED)


def test_the_seed_as_the_cli_reads_it(cli):
    """Every record and warning is the CLI's (`plansight parse`), to the digit."""
    out = subprocess.run([cli, "parse", SEED], capture_output=True, check=True)
    want = json.loads(out.stdout)
    plan = plansight.read(SEED)
    assert json.loads(plan.to_json()) == want
    got = plan.projects.to_pylist()
    assert [p["name"] for p in got] == [p["name"] for p in want["projects"]]
    assert [str(p["investment_decimal"].normalize()) for p in got] == [
        str(Decimal(str(p["investment"])).normalize()) for p in want["projects"]
    ]
    assert [t["units"].split("、") for t in plan.tasks.to_pylist()] == [t["units"] for t in want["tasks"]]
    assert [(w["line"], w["code"], w["message_en"]) for w in plan.findings] == [
        (w["line"], w["code"], w["message"]) for w in want["warnings"]
    ]
    assert plan.indicators.num_rows == len(want["indicators"])


def cases():
    for folder in (FIXTURES, FIXTURES / "pdf"):
        for case in json.loads((folder / "expected.json").read_text()):
            yield pytest.param(folder, case, id=f"{folder.name}/{case['file']}{'+map' if 'map' in case else ''}")


@pytest.mark.parametrize("folder,case", list(cases()))
def test_fixture_figures(folder, case):
    """Each fixture's figures in expected.json (the CLI's own check), from the pyarrow tables."""
    path = folder / case["file"]
    mapping = dict(m.rsplit("=", 1) for m in case.get("map", []))
    if "error" in case:
        with pytest.raises(plansight.PlanError) as e:
            plansight.read(path)
        assert case["error"] in e.value.message
        return
    plan = plansight.read(path, mapping or None)
    projects, tasks = plan.projects.to_pylist(), plan.tasks.to_pylist()
    assert len(projects) == case["projects"]
    assert len(tasks) == case["tasks"]
    if "total" in case:
        total = sum((p["investment_decimal"] for p in projects if p["investment_decimal"] is not None), Decimal(0))
        assert total == Decimal(case["total"])
        assert plan.summary["total_investment_fen"] == int(Decimal(case["total"]) * 10**10)
    if "investments" in case:
        assert [p["investment_decimal"] for p in projects] == [Decimal(v) for v in case["investments"]]
    if "types" in case:
        assert [p["type"] for p in projects] == case["types"]
    if "areas" in case:
        assert [t["area"] for t in tasks] == case["areas"]
    if "periods" in case:
        assert [[p["start_year"], p["end_year"]] for p in projects] == case["periods"]
    units, leads = units_by_task(plan)
    if "leads" in case:
        assert [t["leads"] for t in tasks] == case["leads"] == [leads.get(t["no"], 0) for t in tasks]
    if "units" in case:
        assert [units.get(t["no"], []) for t in tasks] == case["units"]
    if "targets" in case:
        assert plan.indicators.filter(pa.compute.equal(plan.indicators["kind"], "target")).num_rows == case["targets"]
    if "table_kinds" in case:
        assert [t["kind"] for t in json.loads(plan.to_json())["tables"]] == case["table_kinds"]
    if "warning_lines" in case:
        assert [f["line"] for f in plan.findings] == case["warning_lines"]


def test_bytes_read_as_the_file():
    from_path = plansight.read(SEED)
    data = SEED.read_bytes()
    for source in (data, bytearray(data), memoryview(data)):
        plan = plansight.read(source)
        assert plan.file is None
        for name in ("projects", "tasks", "task_units", "indicators"):
            assert plan.table(name).equals(from_path.table(name)), name
    docx = (FIXTURES / "lead_co.docx").read_bytes()
    assert plansight.read(docx).tasks.num_rows == 3


def test_an_unreadable_file_says_why_in_both_languages(cli):
    scan = FIXTURES / "pdf" / "13_scanned.pdf"
    with pytest.raises(plansight.PlanError) as en:
        plansight.read(scan)
    with pytest.raises(plansight.PlanError) as zh:
        plansight.read(scan, lang="zh")
    assert isinstance(en.value, ValueError)
    assert en.value.file == str(scan) and zh.value.file == str(scan)
    assert en.value.lang == "en" and zh.value.lang == "zh" and en.value.code == "plan"
    assert "scan" in en.value.message and not CJK(en.value.message)
    assert "扫描件" in zh.value.message
    assert str(en.value) == f"{scan}: {en.value.message}"
    # The same sentence the CLI prints: the core's write/message.rs.
    out = subprocess.run([cli, "parse", scan], capture_output=True)
    assert out.returncode != 0 and en.value.message in out.stderr.decode()

    with pytest.raises(plansight.PlanError) as empty:
        plansight.read(b"", lang="zh")
    assert empty.value.message == "文件是空的" and empty.value.file is None
    with pytest.raises(plansight.PlanError, match="the file is empty"):
        plansight.read(b"")
    with pytest.raises(plansight.PlanError, match="password"):
        plansight.read(FIXTURES / "pdf" / "12_user_password.pdf")
    with pytest.raises(FileNotFoundError):
        plansight.read(ROOT / "no-such-plan.docx")
    with pytest.raises(TypeError):
        plansight.read(42)
    with pytest.raises(ValueError, match="lang"):
        plansight.read(SEED, lang="fr")


def test_a_mapping_names_the_columns():
    path = FIXTURES / "mapped_header.tsv"
    assert plansight.read(path).projects.num_rows == 0
    plan = plansight.read(path, {"名目": "name", "万元": "investment:万元", "时段": "period", "主体": "builder"})
    assert sum(plan.projects["investment_decimal"].to_pylist()) == Decimal("0.2")
    with pytest.raises(ValueError, match="unit"):
        plansight.read(path, {"万元": "investment:斤"})


def test_pandas_polars_and_duckdb_read_the_tables():
    import duckdb
    import pandas as pd
    import polars as pl

    plan = plansight.read(SEED)
    df = plan.to_pandas()
    assert isinstance(df, pd.DataFrame) and len(df) == 33
    assert str(df["investment_fen"].dtype) == "Int64"
    assert int(df["investment_fen"].sum()) == 740_55 * 10**8
    assert sum(df["investment_decimal"]) == Decimal("740.55")
    assert len(plan.to_pandas("task_units")) == plan.task_units.num_rows

    frame = plan.to_polars()
    assert isinstance(frame, pl.DataFrame)
    assert frame["investment_fen"].sum() == 740_55 * 10**8
    assert frame["investment_decimal"].sum() == Decimal("740.55")
    assert plan.to_polars("tasks").height == 34

    projects = plan.projects  # DuckDB scans the pyarrow Table where it stands
    by_type = duckdb.sql(
        "SELECT type, sum(investment_decimal) AS total, sum(investment_fen) AS fen FROM projects GROUP BY type ORDER BY type"
    ).fetchall()
    assert sum(total for _, total, _ in by_type) == Decimal("740.55")
    assert sum(fen for _, _, fen in by_type) == 740_55 * 10**8
    assert len(by_type) == len(set(projects["type"].to_pylist()))


def test_the_tables_cross_without_a_copy():
    """pyarrow's buffers are Rust's: two streams of one table give the same addresses."""
    plan = plansight.read(SEED)
    assert plan.projects is plan.projects
    address = lambda t, col, i: t[col].chunk(0).buffers()[i].address  # noqa: E731
    first, second = pa.table(plan.stream("projects")), pa.table(plan.stream("projects"))
    assert first.equals(plan.projects)
    for col, i in (("name", 2), ("investment_fen", 1), ("investment_decimal", 1)):
        assert address(first, col, i) == address(second, col, i) == address(plan.projects, col, i), col
    assert len(plan.stream("tasks")) == 34
    reader = pa.RecordBatchReader.from_stream(plan.stream("indicators"))
    assert reader.read_all().num_rows == plan.indicators.num_rows


def test_a_table_written_by_pyarrow_reads_back(scratch):
    """Plansight's own table read back by its names (the CLI and the page read it so)."""
    plan = plansight.read(SEED)
    path = scratch / "seed-projects.parquet"
    pq.write_table(plan.projects, path)
    back = plansight.read(path)
    cols = ["no", "type", "name", "investment_fen", "start_year", "end_year", "builder", "line"]
    assert back.projects.select(cols).equals(plan.projects.select(cols))


def test_the_gil_is_released_while_reading(scratch):
    """A Python thread keeps running while one long read runs (the GIL is released).

    Rust holding the GIL never yields it at the switch interval, so a spinner
    that counts while a 0.5-second read runs would count nearly nothing; with
    the GIL released it counts on (how fast depends on a shared machine's
    cores, so the test asks only that it kept counting)."""
    path = scratch / "big.csv"
    rows = ["序号,项目名称,项目类型,总投资（亿元）,建设起止年限,建设单位"]
    rows += [f"{i + 1},项目{i},交通,{i % 97 + 1}.25,2023-2025,单位{i % 13}" for i in range(100_000)]
    path.write_text("\n".join(rows), encoding="utf-8")
    count, stop, reading = [0], threading.Event(), threading.Event()

    def spin():
        while not stop.is_set():
            count[0] += 1

    def read():
        reading.set()
        plan = plansight.read(path)
        assert plan.projects.num_rows == 100_000

    thread = threading.Thread(target=spin)
    thread.start()
    try:
        time.sleep(0.05)
        reader = threading.Thread(target=read)
        reader.start()
        reading.wait()
        time.sleep(0.01)
        start = count[0]
        # Sampled a few times while the reader is inside the call.
        samples = []
        while reader.is_alive():
            time.sleep(0.02)
            samples.append(count[0] - start)
            start = count[0]
        reader.join()
    finally:
        stop.set()
        thread.join()
    assert len(samples) >= 3, samples
    # Every 20 ms sample but the last saw the spinner count on.
    assert all(n > 0 for n in samples[:-1]), samples
