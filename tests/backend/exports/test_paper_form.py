"""The printable paper form (紙の意見用紙): a public A4 PDF in Japanese, in two sizes."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from exports.outputs import pdf_text, squeeze
from pypdf import PdfReader

from backend.core.config import Settings
from support import Api


def _text(content: bytes) -> str:
    return squeeze("".join(pdf_text(content)))


async def test_anyone_can_print_the_form_with_the_process_and_the_receipt_slip(
    anonymous: Api, process_id: int
) -> None:
    response = await anonymous.get(f"/api/v1/processes/{process_id}/paper-form.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"].startswith("public")
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    text = _text(response.content)
    for expected in (
        "まちの未来ビジョン",
        "受付番号",
        "中央地区",
        "20歳未満",
        "意見募集",
        "プライバシーポリシー",
        f"{Settings().public_url}/privacy",
    ):
        assert expected in text, expected
    again = await anonymous.get(
        f"/api/v1/processes/{process_id}/paper-form.pdf",
        headers={"If-None-Match": response.headers["etag"]},
    )
    assert again.status_code == 304


async def test_the_large_print_form_sets_bigger_text_over_two_pages(
    anonymous: Api, process_id: int
) -> None:
    url = f"/api/v1/processes/{process_id}/paper-form.pdf"
    standard = (await anonymous.get(url)).content
    large = await anonymous.get(url, params={"size": "large"})
    assert large.status_code == 200
    pages = PdfReader(io.BytesIO(large.content)).pages
    assert len(pages) == 2 and "まちの未来ビジョン" in _text(large.content)

    def title_height(content: bytes) -> float:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "form.pdf"
            path.write_bytes(content)
            html = subprocess.run(
                ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        line = next(row for row in html.splitlines() if ">ご意見・ご提案の用紙<" in row)
        top = float(line.split('yMin="')[1].split('"')[0])
        bottom = float(line.split('yMax="')[1].split('"')[0])
        return bottom - top

    assert title_height(large.content) > title_height(standard) * 1.2
    assert (await anonymous.get(url, params={"size": "huge"})).status_code == 422
    assert (await anonymous.get("/api/v1/processes/987654/paper-form.pdf")).status_code == 404
