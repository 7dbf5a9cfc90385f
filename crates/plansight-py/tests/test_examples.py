"""examples/plans.py runs to its CSV, whose sums are each plan's exact total."""

import csv
import subprocess
import sys
from decimal import Decimal

import plansight
from conftest import ROOT

EXAMPLE = ROOT / "crates" / "plansight-py" / "examples" / "plans.py"


def test_three_forms_by_type(scratch):
    out = scratch / "plans-example"
    run = subprocess.run([sys.executable, EXAMPLE, out], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "000_6484c7ca487d3a6f.txt" in run.stdout and "740.55 亿元" in run.stdout
    with open(out / "by_type.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for name, folder in [
        ("000_6484c7ca487d3a6f.txt", ROOT / "seeds"),
        ("projects.xlsx", ROOT / "tests" / "fixtures"),
        ("01_landscape_projects.pdf", ROOT / "tests" / "fixtures" / "pdf"),
    ]:
        mine = [r for r in rows if r["plan"] == name]
        plan = plansight.read(folder / name)
        assert sum(int(r["investment_fen"]) for r in mine) == plan.summary["total_investment_fen"], name
        assert sum(int(r["projects"]) for r in mine) == plan.summary["projects"], name
        assert {r["type"] for r in mine} == set(plan.projects["type"].to_pylist()), name
        for r in mine:
            assert Decimal(r["investment"]) * 10**10 == int(r["investment_fen"])
