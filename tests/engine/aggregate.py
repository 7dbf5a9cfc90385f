"""Aggregate a Plansight batch dataset with DuckDB, for a table too big for one page.

    plansight batch plans/ --format parquet -o projects.parquet
    python3 tests/engine/aggregate.py projects.parquet by_source.csv
    # then open by_source.csv in Plansight (or: plansight summary by_source.csv)

One row per (source plan, project type): the summed investment, as an exact
decimal (DuckDB DECIMAL, not a float sum), the earliest start and latest end,
the project count. (DECIMAL(38, 10) keeps every 分: the frame holds 亿元.) The headers are ones Plansight's dictionary knows, so the
result opens as a project table: charts by type add up the whole dataset.
Any engine that reads Parquet (DataFusion, Spark, polars) can do the same.
"""

import sys

import duckdb


def main(dataset: str, out: str) -> None:
    duckdb.sql(
        f"""
        COPY (
            SELECT
                row_number() OVER (ORDER BY source, type) AS "序号",
                type AS "类型",
                source AS "项目名称",
                sum(CAST(investment AS DECIMAL(38, 10))) AS "总投资（亿元）",
                min(start_year) || '-' || max(end_year) AS "建设期限",
                count(*) || ' 个项目' AS "备注"
            FROM read_parquet('{dataset}')
            GROUP BY source, type
            ORDER BY source, type
        ) TO '{out}' (HEADER, DELIMITER ',')
        """
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: aggregate.py DATASET.parquet OUT.csv")
    main(sys.argv[1], sys.argv[2])
