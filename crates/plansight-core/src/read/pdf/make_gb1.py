"""Writes gb1.rs: Adobe-GB1 CIDs back to the GBK codes that name them, from
the predefined CMaps GBK-EUC-H and GBpc-EUC-H (Adobe's cmap-resources, BSD
3-clause, as Debian's poppler-data installs them). A CID-keyed font without a
ToUnicode map (STSong-Light and other fonts a viewer supplies) is read as
GBK codes through the decoder every build already has.

Run: python3 crates/plansight-core/src/read/pdf/make_gb1.py [CMAP_DIR]"""
import os
import re
import sys

DIR = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/poppler/cMap/Adobe-GB1"
HERE = os.path.dirname(os.path.abspath(__file__))

cid_to_code = {}
for name in ["GBK-EUC-H", "GBpc-EUC-H"]:
    text = open(os.path.join(DIR, name), encoding="latin-1").read()
    for block in re.findall(r"begincidrange(.*?)endcidrange", text, re.S):
        for lo, hi, cid in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\d+)", block):
            lo, hi, cid = int(lo, 16), int(hi, 16), int(cid)
            for k in range(hi - lo + 1):
                cid_to_code.setdefault(cid + k, lo + k)
    for block in re.findall(r"begincidchar(.*?)endcidchar", text, re.S):
        for code, cid in re.findall(r"<([0-9a-fA-F]+)>\s*(\d+)", block):
            cid_to_code.setdefault(int(cid), int(code, 16))

runs = []
for cid in sorted(cid_to_code):
    code = cid_to_code[cid]
    if runs and runs[-1][0] + runs[-1][2] == cid and runs[-1][1] + runs[-1][2] == code:
        runs[-1][2] += 1
    else:
        runs.append([cid, code, 1])

with open(os.path.join(HERE, "gb1.rs"), "w") as f:
    f.write("//! Written by make_gb1.py: Adobe-GB1 CID runs → GBK codes (first CID, first code, count),\n")
    f.write("//! sorted by CID. From Adobe's GBK-EUC-H and GBpc-EUC-H CMaps (BSD 3-clause).\n\n")
    f.write(f"pub static RUNS: [(u16, u16, u16); {len(runs)}] = [\n")
    for i in range(0, len(runs), 6):
        f.write("    " + " ".join(f"({c}, 0x{g:04X}, {n})," for c, g, n in runs[i:i + 6]) + "\n")
    f.write("];\n")
print(len(runs), "runs,", len(cid_to_code), "CIDs")
