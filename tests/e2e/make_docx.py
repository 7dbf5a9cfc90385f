"""Writes the seed plan as a minimal Word .docx to stdout, for the browser tests:
paragraphs as w:p, tab-led table regions as w:tbl rows and cells (a cell's
continuation lines as further paragraphs), like Word's own export in reverse."""
import io
import sys
import zipfile
from xml.sax.saxutils import escape


def para(text):
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def body(lines):
    out, rows, row, in_table = [], [], [], False

    def flush():
        if rows:
            out.append("<w:tbl>" + "".join(
                "<w:tr>" + "".join("<w:tc>" + "".join(para(p) for p in cell) + "</w:tc>" for cell in r) + "</w:tr>"
                for r in rows) + "</w:tbl>")
            rows.clear()

    for line in lines:
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            in_table = True
            row.append([stripped[1:]])
        elif not line.strip():
            if row:
                rows.append(row)
                row = []
        elif in_table and row:
            row[-1].append(line)
        else:
            in_table = False
            flush()
            out.append(para(line))
    if row:
        rows.append(row)
    flush()
    return "".join(out)


def main(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body>{body(lines)}</w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        # A whole package (content types, the relationship to the main part), so
        # Word and LibreOffice open it too (the test command converts it to PDF, .doc and .xls).
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
                   'xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml", xml)
    sys.stdout.buffer.write(buf.getvalue())


if __name__ == "__main__":
    main(sys.argv[1])
