"""Reading the generated files back as text, the way a person or a program would."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from pypdf import PdfReader

PUBLIC_FORMATS = ("opendata-csv", "opendata-json", "public-comment-csv", "public-comment-docx")
DOCS = Path(__file__).resolve().parents[3] / "docs" / "exports.md"


def squeeze(text: str) -> str:
    """NFKC and no whitespace: PDF lines wrap anywhere in Japanese text."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_text(data: bytes) -> list[str]:
    """The text of each page as poppler's pdftotext extracts it (through the ToUnicode map).

    pypdf 7 misreads fpdf2's CID font encoding, so poppler (Debian ``poppler-utils``) reads
    the text, as PDF viewers and search engines do.
    """
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8").split("\f")[:-1]


def pdf_fonts(data: bytes) -> list[dict[str, Any]]:
    """Each font of each page with whether its program is embedded."""
    fonts = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append({"name": str(font["/BaseFont"]), "embedded": embedded})
    return fonts


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    parts += [p.text for s in document.sections for p in s.footer.paragraphs]
    return "\n".join(parts)


def docx_tables(data: bytes) -> list[list[list[str]]]:
    return [
        [[c.text for c in row.cells] for row in t.rows] for t in Document(io.BytesIO(data)).tables
    ]


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def zip_tables(data: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name.removesuffix(".csv"): csv_rows(archive.read(name)) for name in archive.namelist()
        }


def every_text(files: dict[str, bytes]) -> dict[str, str]:
    """Every export as one string, whatever its format."""
    out = {}
    for name, data in files.items():
        if name.endswith("pdf"):
            out[name] = "\n".join(pdf_text(data))
        elif name.endswith("docx"):
            out[name] = docx_text(data)
        elif name.endswith("opendata-csv"):
            out[name] = json.dumps(zip_tables(data), ensure_ascii=False)
        else:
            out[name] = data.decode("utf-8-sig")
    return out


def documented_columns() -> dict[str, list[str]]:
    """The open-data columns as docs/exports.md lists them, table by table."""
    tables: dict[str, list[str]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^### `(\w+)`$", line):
            current = match.group(1)
            tables[current] = []
        elif current and (match := re.match(r"^\| `(\w+)` \|", line)):
            tables[current].append(match.group(1))
        elif line.startswith("## "):
            current = None
    return tables
