"""Makes NotoSansSC-GB2312.otf, the font charts carry into reports.

Source: Noto Sans CJK SC Regular (SIL OFL 1.1, no reserved font name), face 2
of Debian's fonts-noto-cjk NotoSansCJK-Regular.ttc. Kept: every character of
GB2312 (the 6,763 hanzi and symbols every Chinese system has), ASCII and the
punctuation plans print; no layout features (vert/locl would double the size),
no hinting, no vertical metrics. Charts draw horizontal text without shaping.

Run once when the repertoire changes (the result is committed):
    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools==4.*
    /tmp/ft/bin/python make_font.py
"""

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC_FACE = 2  # JP, KR, SC, TC, HK, then the Mono faces


def repertoire():
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    chars |= set("，。、；：？！“”‘’（）《》【】〔〕…—–·％＋－．／～≤≥×÷±°℃№‰")
    chars |= {chr(c) for c in range(0xFF10, 0xFF1A)}  # fullwidth digits
    return "".join(sorted(chars))


def main():
    font = TTCollection(SOURCE).fonts[SC_FACE]
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["vhea", "vmtx", "VORG", "BASE"]
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=repertoire())
    subsetter.subset(font)
    font.save("NotoSansSC-GB2312.otf")


if __name__ == "__main__":
    main()
