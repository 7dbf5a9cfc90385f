"""Three forms of plan read by plansight, and their investment by type.

    python plans.py [OUT]      (OUT defaults to the current folder)

Reads the seed plan (text), an Excel fixture and a PDF fixture of this
repository, prints each plan's headline figures, and writes OUT/by_type.csv
(plan, type, projects, investment_fen, investment in 亿元, exact); with
matplotlib installed it also draws OUT/by_type.png.
"""

import sys
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.csv

import plansight

ROOT = Path(__file__).resolve().parents[3]
PLANS = [
    ROOT / "seeds" / "000_6484c7ca487d3a6f.txt",
    ROOT / "tests" / "fixtures" / "projects.xlsx",
    ROOT / "tests" / "fixtures" / "pdf" / "01_landscape_projects.pdf",
]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for path in PLANS:
        plan = plansight.read(path)
        s = plan.summary
        print(f"{path.name}: {plan.facts['title'] or '(untitled)'}: {s['projects']} projects, "
              f"{Decimal(s['total_investment_fen']).scaleb(-10).normalize()} 亿元, {s['tasks']} tasks")
        # pyarrow sums the exact 分 by type.
        by_type = plan.projects.group_by("type", use_threads=False).aggregate(
            [("investment_fen", "sum"), ([], "count_all")]
        )
        for r in by_type.to_pylist():
            fen = r["investment_fen_sum"] or 0
            rows.append((path.name, r["type"], r["count_all"], fen, str(Decimal(fen).scaleb(-10).normalize())))
    table = pa.table(list(zip(*rows)), names=["plan", "type", "projects", "investment_fen", "investment"])
    pa.csv.write_csv(table, out / "by_type.csv")
    print(f"-> {out / 'by_type.csv'}")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib is not installed: no chart drawn)")
        return
    from matplotlib import font_manager

    cjk = [f.name for f in font_manager.fontManager.ttflist if "CJK" in f.name or "WenQuanYi" in f.name]
    if cjk:
        plt.rcParams["font.family"] = cjk[0]
    fig, axes = plt.subplots(len(PLANS), 1, figsize=(8, 3 * len(PLANS)))
    for ax, path in zip(axes, PLANS):
        mine = [r for r in rows if r[0] == path.name]
        ax.barh([r[1] for r in mine], [float(r[4]) for r in mine])
        ax.set_title(path.name)
        ax.set_xlabel("亿元")
    fig.tight_layout()
    fig.savefig(out / "by_type.png", dpi=120)
    print(f"-> {out / 'by_type.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
