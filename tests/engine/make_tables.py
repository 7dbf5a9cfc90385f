"""Project tables as the engines people use write them, for Plansight to read.

    python3 tests/engine/make_tables.py OUT_DIR [ROWS]
    python3 tests/engine/make_tables.py OUT_DIR ROWS --big


Writes one table of ROWS projects (default 2000) in every common form —
Arrow IPC file and stream, Feather (LZ4 and ZSTD), Parquet (snappy, gzip,
zstd, lz4, brotli, uncompressed; several row groups; data pages v1 and
v2) — with pyarrow, pandas,
polars and DuckDB, under the column names people use (Chinese and English),
with the types they hand out (dictionary-encoded categories, string views,
decimals, dates), and OUT_DIR/expected.json: for each file, its rows and its
total investment in 分 (exact), its types, and its years.
"""

import datetime
import decimal
import json
import os
import random
import sys

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

TYPES = ["交通", "产业", "民生", "生态", "创新", "文旅"]


def rows(n):
    """n projects: amounts in 万元 with two decimals (whole 元), so every total is exact in 分."""
    rng = random.Random(20241129)
    out = []
    for i in range(n):
        wan = decimal.Decimal(rng.randint(1, 5_000_000)) / 100  # 0.01 to 50,000.00 万元
        start = rng.randint(2019, 2026)
        out.append(
            {
                "no": i + 1,
                "type": TYPES[rng.randrange(len(TYPES))],
                "name": f"某某工程项目{i + 1:07d}",
                "wan": wan,
                "start": start,
                "end": start + rng.randint(0, 5),
                "builder": f"某某建设集团有限公司{rng.randint(1, 40)}",
            }
        )
    return out


def fen(rs):
    return sum(int(r["wan"] * 1_000_000) for r in rs if r["wan"] is not None)  # 1 万元 = 1,000,000 分


def summary(rs):
    """What reading the table must give: rows, the exact total in 分, by type, the years."""
    by_type = {}
    for r in rs:
        if r["wan"] is not None:
            by_type[r["type"]] = by_type.get(r["type"], 0) + int(r["wan"] * 1_000_000)
    return {
        "kind": "projects",
        "rows": len(rs),
        "fen": fen(rs),
        "by_type": by_type,
        "types": sorted(set(r["type"] for r in rs)),
        "missing": sum(1 for r in rs if r["wan"] is None),
        "start_sum": sum(r["start"] for r in rs),
        "end_sum": sum(r["end"] for r in rs if r["end"] is not None),
    }


def chinese(rs, dictionary=True, view=False):
    """The column names of a Chinese plan's table, money as DECIMAL 万元."""
    string = pa.string_view() if view else pa.string()
    kind = pa.dictionary(pa.int8(), pa.string()) if dictionary else string
    return pa.table(
        {
            "项目名称": pa.array([r["name"] for r in rs], string),
            "项目类型": pa.array([r["type"] for r in rs], pa.string()).cast(kind),
            "总投资（万元）": pa.array([r["wan"] for r in rs], pa.decimal128(18, 2)),
            "开工年份": pa.array([r["start"] for r in rs], pa.int16()),
            "竣工年份": pa.array([r["end"] for r in rs], pa.int32()),
            "建设单位": pa.array([r["builder"] for r in rs], pa.large_string()),
        }
    )


def english(rs):
    """English names, money as float 亿元, the period as dates."""
    return pa.table(
        {
            "project_name": pa.array([r["name"] for r in rs], pa.string()),
            "sector": pa.array([r["type"] for r in rs], pa.string()).dictionary_encode(),
            "budget_yi": pa.array([float(r["wan"] / 10000) for r in rs], pa.float64()),
            "start_date": pa.array([datetime.date(r["start"], 3, 1) for r in rs], pa.date32()),
            "end_date": pa.array([datetime.datetime(r["end"], 12, 31) for r in rs], pa.timestamp("ms")),
            "owner": pa.array([r["builder"] for r in rs], pa.string()),
        }
    )


def main(out, n):
    os.makedirs(out, exist_ok=True)
    rs = rows(n)
    expected = {}

    def record(name, table_rows=None, **extra):
        expected[name] = summary(rs if table_rows is None else table_rows)
        expected[name].update(extra)

    table = chinese(rs)
    with ipc.new_file(os.path.join(out, "pyarrow_file.arrow"), table.schema) as w:
        w.write_table(table, max_chunksize=700)
    record("pyarrow_file.arrow")
    with ipc.new_stream(os.path.join(out, "pyarrow_stream.arrows"), table.schema) as w:
        w.write_table(table, max_chunksize=700)
    record("pyarrow_stream.arrows")
    feather.write_feather(table, os.path.join(out, "feather_lz4.feather"))  # LZ4, pyarrow's default
    record("feather_lz4.feather", codec="lz4")
    feather.write_feather(table, os.path.join(out, "feather_zstd.feather"), compression="zstd")
    record("feather_zstd.feather", codec="zstd")
    view = chinese(rs, view=True)
    with ipc.new_file(os.path.join(out, "string_view.arrow"), view.schema) as w:
        w.write_table(view)
    record("string_view.arrow")
    en = english(rs)
    with ipc.new_file(os.path.join(out, "english_dates.arrow"), en.schema) as w:
        w.write_table(en)
    record("english_dates.arrow")

    for codec in ["snappy", "gzip", "zstd", "lz4", "brotli", "none"]:
        name = f"parquet_{codec}.parquet"
        pq.write_table(table, os.path.join(out, name), compression=codec, row_group_size=600)
        record(name, codec=codec)
    # Plain pages (no dictionary encoding), version 1.0 pages and statistics off.
    pq.write_table(table, os.path.join(out, "parquet_plain.parquet"), use_dictionary=False, data_page_version="1.0", write_statistics=False)
    record("parquet_plain.parquet", codec="snappy")
    pq.write_table(en, os.path.join(out, "parquet_english.parquet"), row_group_size=900)
    record("parquet_english.parquet", codec="snappy")

    # pandas: a category column, money as Python decimals, its defaults (snappy Parquet, LZ4 Feather).
    cols = {
        "项目名称": [r["name"] for r in rs],
        "项目类型": [r["type"] for r in rs],
        "总投资（万元）": [r["wan"] for r in rs],
        "开工年份": [r["start"] for r in rs],
        "竣工年份": [r["end"] for r in rs],
        "建设单位": [r["builder"] for r in rs],
    }
    df = pd.DataFrame(cols | {"项目类型": pd.Categorical(cols["项目类型"])})
    df.to_parquet(os.path.join(out, "pandas.parquet"))
    record("pandas.parquet", codec="snappy")
    df.to_feather(os.path.join(out, "pandas.feather"))
    record("pandas.feather", codec="lz4")

    # polars: its defaults (string views, categoricals, zstd Parquet).
    pdf = pl.DataFrame(
        cols
        | {
            "项目类型": pl.Series(cols["项目类型"], dtype=pl.Categorical),
            "总投资（万元）": pl.Series(cols["总投资（万元）"], dtype=pl.Decimal(18, 2)),
        }
    )
    pdf.write_parquet(os.path.join(out, "polars.parquet"))
    record("polars.parquet", codec="zstd")
    pdf.write_ipc(os.path.join(out, "polars.arrow"))
    record("polars.arrow")

    # DuckDB: COPY … TO a Parquet file, money as DECIMAL.
    con = duckdb.connect()
    con.register("t", table.cast(pa.schema([f if f.name != "项目类型" else pa.field("项目类型", pa.string()) for f in table.schema])))
    con.sql(f"COPY (SELECT * FROM t) TO '{os.path.join(out, 'duckdb.parquet')}' (FORMAT parquet)")
    record("duckdb.parquet", codec="snappy")

    more(out, rs, expected)

    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)


def more(out, rs, expected):
    """Tables in the other shapes engines hand out: nulls, float money with NaN,
    money in 元 as integers, periods as strings, Spark's flavour, DuckDB's dates
    and zstd, polars' compressed IPC, 256-bit decimals; tasks tables in Chinese
    and English; a layout no dictionary knows (read after a mapping); a column
    whose type cannot be a name; an empty table."""
    path = lambda name: os.path.join(out, name)

    # Nulls everywhere: every 10th amount, every 7th builder, every 9th end year.
    holes = [dict(r, wan=None if i % 10 == 3 else r["wan"], end=None if i % 9 == 4 else r["end"]) for i, r in enumerate(rs)]
    t = pa.table(
        {
            "序号": pa.array([i + 1 for i in range(len(rs))], pa.int64()),
            "项目名称": [r["name"] for r in holes],
            "项目类型": [r["type"] for r in holes],
            "总投资（万元）": pa.array([r["wan"] for r in holes], pa.decimal128(20, 2)),
            "开工年份": pa.array([r["start"] for r in holes], pa.int64()),
            "竣工年份": pa.array([r["end"] for r in holes], pa.int64()),
            "建设单位": [None if i % 7 == 0 else r["builder"] for i, r in enumerate(holes)],
        }
    )
    pq.write_table(t, path("nulls.parquet"))
    expected["nulls.parquet"] = summary(holes)
    # Data pages v2 (levels ahead of the compressed values, pages of several
    # sizes), with nulls, in the codecs that need a decoder of their own.
    for codec in ["zstd", "brotli", "gzip"]:
        name = f"nulls_v2_{codec}.parquet"
        pq.write_table(t, path(name), compression=codec, data_page_version="2.0", data_page_size=512)
        expected[name] = summary(holes) | {"codec": codec}

    # pandas with float money in 万元 and NaN for the missing (its own way to write a null).
    df = pd.DataFrame(
        {
            "项目名称": [r["name"] for r in holes],
            "领域": [r["type"] for r in holes],
            "计划总投资(万元)": [float(r["wan"]) if r["wan"] is not None else float("nan") for r in holes],
            "建设期限": [f"{r['start']}-{r['end'] if r['end'] is not None else r['start']}" for r in holes],
            "业主单位": [r["builder"] for r in holes],
        }
    )
    df.to_parquet(path("pandas_float.parquet"))
    floats = [dict(r, end=r["end"] if r["end"] is not None else r["start"]) for r in holes]
    expected["pandas_float.parquet"] = summary(floats)

    # Money in 元 as integers, English names in CamelCase, a period string per row.
    t = pa.table(
        {
            "ProjectName": [r["name"] for r in rs],
            "Category": pa.array([r["type"] for r in rs]).dictionary_encode(),
            "TotalInvestmentYuan": pa.array([int(r["wan"] * 10000) for r in rs], pa.int64()),
            "Period": [f"{r['start']}—{r['end']}" for r in rs],
            "ImplementingAgency": [r["builder"] for r in rs],
        }
    )
    with ipc.new_file(path("yuan_int.arrow"), t.schema) as w:
        w.write_table(t, max_chunksize=1000)
    expected["yuan_int.arrow"] = summary(rs)

    # 256-bit decimals in 亿元 (scale 6: whole 元), a stream in one batch.
    t = pa.table(
        {
            "name": [r["name"] for r in rs],
            "sector": [r["type"] for r in rs],
            "investment_yi": pa.array([r["wan"] / 10000 for r in rs], pa.decimal256(40, 6)),
            "start_year": pa.array([r["start"] for r in rs], pa.uint16()),
            "end_year": pa.array([r["end"] for r in rs], pa.uint16()),
            "owner": [r["builder"] for r in rs],
        }
    )
    with ipc.new_stream(path("decimal256.arrows"), t.schema) as w:
        w.write_table(t)
    expected["decimal256.arrows"] = summary(rs)

    # Spark's flavour: sanitized names, INT96 timestamps, snappy.
    t = pa.table(
        {
            "project_name": [r["name"] for r in rs],
            "project_type": [r["type"] for r in rs],
            "total_investment_wan": pa.array([r["wan"] for r in rs], pa.decimal128(18, 2)),
            "start_date": pa.array([datetime.datetime(r["start"], 1, 15) for r in rs], pa.timestamp("ns")),
            "end_date": pa.array([datetime.datetime(r["end"], 11, 30) for r in rs], pa.timestamp("ns")),
            "builder": [r["builder"] for r in rs],
        }
    )
    pq.write_table(t, path("spark.parquet"), flavor="spark", use_deprecated_int96_timestamps=True)
    expected["spark.parquet"] = summary(rs)

    # DuckDB: DATE periods, DECIMAL money, zstd.
    con = duckdb.connect()
    con.register("t", t)
    con.sql(
        f"""COPY (SELECT project_name AS 项目名称, project_type AS 类别, total_investment_wan AS "总投资（万元）",
                 CAST(start_date AS DATE) AS 开工日期, CAST(end_date AS DATE) AS 竣工日期, builder AS 建设单位 FROM t)
            TO '{path("duckdb_zstd.parquet")}' (FORMAT parquet, COMPRESSION zstd)"""
    )
    expected["duckdb_zstd.parquet"] = summary(rs) | {"codec": "zstd"}

    # polars: IPC compressed with LZ4 and with ZSTD, an IPC stream.
    pdf = pl.from_arrow(t.rename_columns(["项目名称", "项目类型", "总投资（万元）", "开工时间", "竣工时间", "建设单位"]))
    pdf.write_ipc(path("polars_lz4.arrow"), compression="lz4")
    expected["polars_lz4.arrow"] = summary(rs) | {"codec": "lz4"}
    pdf.write_ipc(path("polars_zstd.arrow"), compression="zstd")
    expected["polars_zstd.arrow"] = summary(rs) | {"codec": "zstd"}
    pdf.write_ipc_stream(path("polars_stream.arrows"))
    expected["polars_stream.arrows"] = summary(rs)

    # Tasks, in Chinese (Arrow) and in English (Parquet): read through their text form.
    areas = ["交通互联", "产业协同", "民生共享"]
    tasks = [
        {
            "no": i + 1,
            "area": areas[i % 3],
            "work": f"推进第{i + 1}项重点工作",
            "lead": f"市发改局{i % 5}",
            "co": f"市交通运输局、市财政局{i % 4}",
            "deadline": f"{2024 + i % 2}年底",
        }
        for i in range(120)
    ]
    t = pa.table(
        {
            "序号": [x["no"] for x in tasks],
            "行动领域": pa.array([x["area"] for x in tasks]).dictionary_encode(),
            "重点任务": [x["work"] for x in tasks],
            "牵头单位": [x["lead"] for x in tasks],
            "配合单位": [x["co"] for x in tasks],
            "完成时限": [x["deadline"] for x in tasks],
        }
    )
    feather.write_feather(t, path("tasks.feather"))
    units = sorted({u for x in tasks for u in [x["lead"], "市交通运输局", x["co"].split("、")[1]]})
    expected["tasks.feather"] = {"kind": "tasks", "rows": len(tasks), "units": len(units), "codec": "lz4"}
    t = pa.table(
        {
            "task": [x["work"] for x in tasks],
            "area": [x["area"] for x in tasks],
            "lead_unit": [x["lead"] for x in tasks],
            "co_units": [x["co"] for x in tasks],
            "deadline": [x["deadline"] for x in tasks],
        }
    )
    pq.write_table(t, path("tasks_english.parquet"))
    expected["tasks_english.parquet"] = {"kind": "tasks", "rows": len(tasks), "units": len(units)}

    # Columns no dictionary knows: read once the reader names them.
    t = pa.table({"工程": [r["name"] for r in rs], "钱": pa.array([r["wan"] for r in rs], pa.decimal128(18, 2)), "时间": [r["start"] for r in rs]})
    pq.write_table(t, path("unknown.parquet"))
    same_year = [dict(r, end=r["start"], type="") for r in rs]  # no type column: one type, unnamed
    expected["unknown.parquet"] = summary(same_year) | {
        "kind": "unread",
        "headers": ["工程", "钱", "时间"],
        "map": ["工程=name", "钱=investment:万元", "时间=period"],
    }

    # A name column of lists: the message names the column.
    t = pa.table({"项目名称": pa.array([[r["name"]] for r in rs[:10]]), "总投资（万元）": [float(r["wan"]) for r in rs[:10]]})
    pq.write_table(t, path("list_name.parquet"))
    expected["list_name.parquet"] = {"kind": "error", "error": "项目名称"}

    # No rows at all: a table of projects with nothing in it.
    empty = chinese([])
    pq.write_table(empty, path("empty.parquet"))
    expected["empty.parquet"] = summary([])


def big(out, n):
    """One big table as pyarrow writes it by default (Parquet, snappy, row groups
    of a million rows), for the page's progress bar: OUT_DIR/big.parquet, and
    its summary in OUT_DIR/big.json."""
    os.makedirs(out, exist_ok=True)
    rs = rows(n)
    pq.write_table(chinese(rs), os.path.join(out, "big.parquet"))
    with open(os.path.join(out, "big.json"), "w") as f:
        # The total as text: past 2**53 a JSON reader's float would lose its last digits.
        json.dump(summary(rs) | {"fen": str(fen(rs))}, f, ensure_ascii=False)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[3] == "--big":
        big(sys.argv[1], int(sys.argv[2]))
    elif len(sys.argv) in (2, 3):
        main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 2000)
    else:
        sys.exit("usage: make_tables.py OUT_DIR [ROWS] [--big]")
