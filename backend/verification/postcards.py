"""Postcards with a residency code (住所確認コードのお知らせ), printed on A4 for mailing.

Two postcards per A4 page (each half a page, cut along the dashed line, or folded into a window
envelope: the address block sits where a 長3 window shows it). Each carries the addressee, the
code in large print, how to enter it (the site address from ``KYOSO_PUBLIC_URL``), until when it
works, and whom to ask. The address list lives only in this request: it is printed and
forgotten; the database keeps the codes' hashes and the batch (docs/privacy.md).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

import msgspec
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from backend.core.errors import InvalidInput, TooLarge
from backend.exports.dates import japanese_date
from backend.exports.fonts import JAPANESE_FACE, japanese_fonts
from backend.exports.pdf import japanese_lines
from backend.proposals.offline_file import MAX_BYTES, TOO_LARGE, Cell, column_name, read_table
from backend.verification.schemas import MAX_ADDRESSES, PostalAddress

FONT = "noto"
GREY = (90, 90, 90)
HALF = 148.5  # mm: half an A4 page
NAME_HEADERS = ("氏名", "名前", "宛名", "name")
POSTAL_HEADERS = ("郵便番号", "〒", "postal_code")
ADDRESS_HEADERS = ("住所", "address")
ACCOUNT_PAGE = "profile"  # the SPA's account page, where 「確認コードを入力」 is


class PostcardSheet(msgspec.Struct, frozen=True):
    """What every postcard of a batch shares."""

    issuer: str
    contact: str
    account_url: str
    expires_at: datetime


# --- the address list ---------------------------------------------------------------------


def _text(value: Cell) -> str:
    return "" if value is None else unicodedata.normalize("NFKC", str(value)).strip()


def _find(names: list[str], choices: tuple[str, ...]) -> int | None:
    return next((i for i, n in enumerate(names) if n.lower() in choices), None)


def read_address_file(content: bytes) -> list[PostalAddress]:
    """Addressees from an .xlsx or CSV file with the columns 氏名, 郵便番号, 住所 (header row
    first); a row without a name or an address is refused with its row number."""
    if len(content) > MAX_BYTES:
        raise TooLarge(TOO_LARGE)
    # a row past the limit is enough to refuse the file (below)
    table = read_table(content, max_rows=MAX_ADDRESSES + 2, max_columns=20)
    names = [column_name(h) for h in table[0]] if table else []
    name_at, postal_at, address_at = (
        _find(names, c) for c in (NAME_HEADERS, POSTAL_HEADERS, ADDRESS_HEADERS)
    )
    if name_at is None or address_at is None:
        raise InvalidInput(
            "The first row must name the columns 氏名 (name), 郵便番号 (postal "
            "code) and 住所 (address). Add the header row and upload it again."
        )
    out: list[PostalAddress] = []
    for number, row in enumerate(table[1:], start=2):
        cells = [
            _text(row[i]) if i is not None and i < len(row) else ""
            for i in (name_at, postal_at, address_at)
        ]
        if not any(cells):
            continue
        name, postal, address = cells
        if not name or not address:
            raise InvalidInput(
                f"Row {number} lacks a name or an address. Fill both in (or "
                "delete the row) and upload the file again.",
                row=number,
            )
        if len(name) > 80 or len(address) > 200 or len(postal) > 10:
            raise InvalidInput(
                f"Row {number} is too long: a name has at most 80 characters, "
                "an address 200 and a postal code 10.",
                row=number,
            )
        out.append(PostalAddress(name, postal, address))
    if not out:
        raise InvalidInput("The file has no addresses below its header row.")
    if len(out) > MAX_ADDRESSES:
        raise InvalidInput(
            f"The file has more than {MAX_ADDRESSES:,} addresses. Split it into "
            f"files of at most {MAX_ADDRESSES:,} and make one batch of each."
        )
    return out


# --- the PDF ------------------------------------------------------------------------------


def postcards_pdf(sheet: PostcardSheet, addressed: list[tuple[PostalAddress, str]]) -> bytes:
    """One half page per (addressee, code)."""
    pdf = _PostcardPdf(sheet)
    for index, (address, code) in enumerate(addressed):
        if index % 2 == 0:
            pdf.add_page()
        pdf.postcard(address, code, top=(index % 2) * HALF)
    return bytes(pdf.output())


class _PostcardPdf(FPDF):
    def __init__(self, sheet: PostcardSheet) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.sheet = sheet
        self._lines: dict[tuple[str, float, bool], list[str]] = {}
        fonts = japanese_fonts()
        self.add_font(FONT, "", fonts.regular, collection_font_number=JAPANESE_FACE)
        self.add_font(FONT, "B", fonts.bold, collection_font_number=JAPANESE_FACE)
        self.set_auto_page_break(False)
        self.set_margins(20, 12, 20)
        self.set_title("住所確認コードのお知らせ")
        self.set_lang("ja")
        self.set_creator("Kyoso")
        if sheet.issuer:
            self.set_author(sheet.issuer)

    def line_of(
        self,
        text: str,
        size: float,
        *,
        bold: bool = False,
        height: float = 0,
        color: tuple[int, int, int] = (0, 0, 0),
        align: str = "L",
    ) -> None:
        """``text`` wrapped to the page width (Japanese line breaks); the wrapping of a text
        every postcard shares is worked out once per document, not once per postcard."""
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*color)
        key = (text, size, bold)
        if key not in self._lines:
            self._lines[key] = japanese_lines(self, 0, text)
        for row in self._lines[key]:
            self.cell(
                0, height or size * 0.5, row, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        self.set_text_color(0, 0, 0)

    def postcard(self, address: PostalAddress, code: str, top: float) -> None:
        s = self.sheet
        if top:  # the cut line between the two postcards
            self.set_draw_color(140, 140, 140)
            self.set_dash_pattern(dash=2, gap=1.5)
            self.line(0, top, self.w, top)
            self.set_dash_pattern()
            self.set_draw_color(0, 0, 0)
        # the addressee, where a window envelope shows it
        self.set_xy(self.l_margin, top + 14)
        if address.postal_code:
            self.line_of(f"〒{address.postal_code.lstrip('〒').strip()}", 11)
        self.line_of(address.address, 11)
        self.ln(1.5)
        self.line_of(f"{address.name} 様", 14, bold=True)
        if s.issuer:
            self.set_xy(self.l_margin, top + 14)
            self.line_of(s.issuer, 9, color=GREY, align="R")
        self.set_xy(self.l_margin, top + 52)
        self.line_of("住所確認コードのお知らせ", 13, bold=True)
        self.ln(1)
        self.line_of(
            "意見募集・投票のサイトで、お住まいの確認に使うコードです。確認が必要な"
            "意見募集に参加するときに、一度だけ入力してください。",
            9.5,
        )
        self.ln(2)
        y = self.get_y()
        self.set_line_width(0.5)
        self.rect(self.l_margin, y, self.epw, 16)
        self.set_xy(self.l_margin, y + 1)
        self.line_of("確認コード", 8.5, color=GREY, align="C")
        self.set_font(FONT, "B", 20)
        self.set_char_spacing(1.5)
        self.cell(0, 9, code, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_char_spacing(0)
        self.set_y(y + 19)
        steps = (
            "1. 次のアドレスを開いて、ログインします（アカウントがない方は新規登録してください）。",
            f"　 {s.account_url}",
            "2. 「確認コードを入力」に上のコードを入力します（ハイフンは省略できます）。",
            f"3. 有効期限：{japanese_date(s.expires_at)}まで。コードは1回だけ使えます。",
        )
        for step in steps:
            self.line_of(step, 9.5, height=5)
        self.ln(1.5)
        self.line_of(
            "このコードは他の人に教えないでください。お心当たりがない場合は、"
            "破棄してください。" + (f"お問い合わせ：{s.contact}" if s.contact else ""),
            8.5,
            color=GREY,
            height=4.4,
        )
