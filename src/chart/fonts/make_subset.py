#!/usr/bin/python3
"""Makes src/chart/fonts/NotoSansCJKsc-Regular-subset.otf, the font embedded in twovoices' charts.

Source: Noto Sans CJK SC Regular (SIL Open Font License 1.1, see OFL.txt), face 2 of
NotoSansCJK-Regular.ttc as shipped by Debian's fonts-noto-cjk 1:20220127. Kept: printable ASCII,
Latin-1, general and CJK punctuation, full-width forms, and every character of GB 2312 (the 6,763
Han characters of simplified Chinese plus its symbols). twovoices folds traditional characters to
simplified before it counts or draws a term, so GB 2312 covers its Chinese labels.

The font maps ‘ ’ “ ” … to full-width glyphs, which is right in Chinese text and wrong in English ("“cyber
power”" drawn with an em of blank beside each quote). Its `pwid` feature has their proportional forms, but
usvg applies no OpenType features (and shapes a whole <text> with each of its fonts, so a second font with
only these five glyphs would be overruled by this one); so the subset also maps the private-use code points
U+E000–U+E004 to the proportional forms of ‘ ’ “ ” …, and the charts write those in Latin text
(src/chart/punct.rs). Charts are written with text as paths, so the private-use characters never reach a
reader.

Run: /usr/bin/python3 src/chart/fonts/make_subset.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
(needs fontTools: Debian's python3-fonttools). Nothing in the build runs this script.
"""
import sys
from pathlib import Path
from fontTools import subset
from fontTools.ttLib import TTCollection


def chars():
    out = set(chr(c) for c in range(0x20, 0x7F))
    out |= set(chr(c) for c in range(0xA0, 0x180))
    out |= set(chr(c) for c in range(0x2000, 0x2070))  # general punctuation
    out |= set(chr(c) for c in range(0x2190, 0x2200))  # arrows
    out |= set(chr(c) for c in range(0x3000, 0x3040))  # CJK symbols and punctuation
    out |= set(chr(c) for c in range(0xFF00, 0xFFF0))  # full-width forms
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


# The proportional forms of these, in this order, at U+E000 onwards (src/chart/punct.rs: LATIN_FORMS).
LATIN_PUNCTUATION = "\u2018\u2019\u201c\u201d\u2026"  # ‘ ’ “ ” …
FIRST_PRIVATE_USE = 0xE000


def proportional_forms(font):
    """The glyph of each LATIN_PUNCTUATION character's proportional (pwid) form."""
    cmap = font.getBestCmap()
    gsub = font["GSUB"].table
    pwid = {}
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "pwid":
            for index in record.Feature.LookupListIndex:
                for table in gsub.LookupList.Lookup[index].SubTable:
                    pwid.update(getattr(table, "mapping", None) or {})
    return [pwid[cmap[ord(c)]] for c in LATIN_PUNCTUATION]


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    font = TTCollection(src).fonts[2]
    assert font["name"].getDebugName(4) == "Noto Sans CJK SC", font["name"].getDebugName(4)
    opts = subset.Options()
    opts.layout_features = ["kern", "palt", "vert"]
    opts.hinting = False
    opts.desubroutinize = False
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    s = subset.Subsetter(opts)
    forms = proportional_forms(font)
    s.populate(text="".join(sorted(chars())), glyphs=forms)
    s.subset(font)
    for table in font["cmap"].tables:
        if table.isUnicode() and table.format in (4, 12):
            for i, glyph in enumerate(forms):
                table.cmap[FIRST_PRIVATE_USE + i] = glyph
    out = Path(__file__).with_name("NotoSansCJKsc-Regular-subset.otf")
    font.save(out)
    print(out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
