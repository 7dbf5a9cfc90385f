"""Small plans with known amounts, for the cluster example's test: CSV (万元)
and text-form tables (亿元, four places), in county folders, with the exact
total of each (source, type) in 分."""

import random
from decimal import Decimal
from pathlib import Path

TYPES = ["交通互通共网", "产业互联共链", "民生智慧共享", "生态共管共治"]


def generate(folder: Path, count: int, seed: int = 7):
    rng = random.Random(seed)
    expected = {}
    for n in range(count):
        county = folder / f"county-{n % 20:02d}"
        county.mkdir(parents=True, exist_ok=True)
        rows = []
        for i in range(1, rng.randint(2, 8) + 1):
            kind = rng.choice(TYPES)
            start = rng.randint(2021, 2026)
            rows.append((i, kind, f"项目{n}-{i}", start, start + rng.randint(0, 4)))
        if n % 5 == 4:
            path = county / f"plan-{n:04d}.txt"
            amounts = [Decimal(rng.randint(1, 2_000_000)).scaleb(-4) for _ in rows]  # 亿元, to the 万元
            lines = [f"某县第{n}号重点项目三年行动计划（2024—2026年）", "附件1", "重点项目表"]
            lines += ["\t序号", "\t项目类型", "\t项目名称", "\t总投资（亿元）", "\t建设期限", "\t建设单位", ""]
            for (i, kind, name, start, end), yi in zip(rows, amounts):
                lines += [f"\t{i}", f"\t{kind}", f"\t{name}", f"\t{yi}", f"\t{start}-{end}", "\t某县城市建设集团有限公司", ""]
            path.write_text("\n".join(lines), encoding="utf-8")
            fen = [int(yi * 10**10) for yi in amounts]
        else:
            path = county / f"plan-{n:04d}.csv"
            wan = [rng.randint(1, 2_000_000) for _ in rows]
            text = "序号,类型,项目名称,总投资（万元）,建设期限,建设单位\n"
            text += "".join(f"{i},{kind},{name},{w},{start}-{end},某公司\n" for (i, kind, name, start, end), w in zip(rows, wan))
            path.write_text(text, encoding="utf-8")
            fen = [w * 1_000_000 for w in wan]  # 1 万元 = 1,000,000 分
        for (_, kind, *_), f in zip(rows, fen):
            key = (str(path), kind)
            expected[key] = expected.get(key, 0) + f
    return expected
