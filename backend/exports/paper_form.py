"""The printable paper form of a process (紙の意見用紙): A4, Japanese, for residents who take
part on paper; staff type the returned forms in (proxy entry, or a file of them).

Page 1 carries the question, the schedule, a large box for the proposal, tick boxes for district
and age band, how the data is used, where to return the form, and a receipt slip (受付票) below
a cut line with a blank 受付番号 for staff to fill in. The large-print variant (大きな文字) sets
text at 14 pt instead of 10 pt and boxes a third larger, over two pages.

Rendering takes about a second (the CJK font is subset each time), so the bytes are kept per
(process content, variant) in a small in-process cache and served with a public Cache-Control.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date
from typing import Literal

import msgspec
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlalchemy.ext.asyncio import AsyncSession

from backend.exports.dates import japanese_date
from backend.exports.fonts import JAPANESE_FACE, japanese_fonts
from backend.exports.labels import AGE_LABELS, PHASE_LABELS
from backend.exports.pdf import japanese_lines
from backend.processes.districts import list_districts
from backend.processes.services import get_process
from backend.site.services import read_site

FormSize = Literal["standard", "large"]
FONT = "noto"
INK = (0, 0, 0)
GREY = (90, 90, 90)


class PaperForm(msgspec.Struct, frozen=True):
    """Everything the form prints, read once from the database."""

    process_id: int
    title: str
    description: str
    phases: tuple[tuple[str, str], ...]  # (label, 「2026年12月1日〜2027年1月31日」)
    districts: tuple[str, ...]
    issuer: str
    contact: tuple[str, ...]  # address, phone, e-mail, web page: those that are set
    privacy_url: str
    site_url: str


class _Scale(msgspec.Struct, frozen=True):
    text: float  # body text, pt
    heading: float
    title_box: float  # mm
    proposal_box: float  # the least; it grows into what the page leaves (0: the whole page)
    tick: float
    line: float  # mm per line of body text


_SCALES = {
    "standard": _Scale(text=9.5, heading=11, title_box=11, proposal_box=40, tick=3.6, line=4.8),
    "large": _Scale(text=14, heading=16, title_box=16, proposal_box=0, tick=5.5, line=7.2),
}
DESCRIPTION_LINES = {"standard": 4, "large": 12}


async def paper_form_content(session: AsyncSession, process_id: int, base_url: str) -> PaperForm:
    process = await get_process(session, process_id)
    site = await read_site(session)
    issuer = " ".join(p for p in (site.name_ja, site.department_ja) if p)
    contact = site.contact
    steps = [p for p in process.phases if p.phase != "closed"]
    phases = tuple(
        (PHASE_LABELS.get(p.phase, p.phase), _period(p.starts_on, p.ends_on)) for p in steps
    )
    if steps and not any(p.starts_on or p.ends_on for p in steps):  # no dates set yet
        phases = (
            (
                "進め方",
                " → ".join(PHASE_LABELS.get(p.phase, p.phase) for p in steps)
                + "（日程は決まりしだいお知らせします）",
            ),
        )
    base = base_url.rstrip("/")
    return PaperForm(
        process_id=process.id,
        title=process.title_ja,
        description=process.description_ja.strip(),
        phases=phases,
        districts=tuple(d.name_ja for d in await list_districts(session)),
        issuer=issuer,
        contact=tuple(
            part
            for part in (
                f"住所：{contact.address}" if contact.address else "",
                f"電話：{contact.phone}" if contact.phone else "",
                f"メール：{contact.email}" if contact.email else "",
                f"ホームページ：{contact.url}" if contact.url else "",
            )
            if part
        ),
        privacy_url=f"{base}/privacy",
        site_url=f"{base}/processes/{process.id}",
    )


def _period(starts: date | None, ends: date | None) -> str:
    if starts is None and ends is None:
        return "日程は決まりしだいお知らせします"
    left = japanese_date(starts) if starts else ""
    right = japanese_date(ends) if ends else ""
    return f"{left}〜{right}"


def form_digest(form: PaperForm, size: FormSize) -> str:
    """What the PDF is made of, as a short hash (its ETag)."""
    return hashlib.sha256(msgspec.json.encode([form, size])).hexdigest()[:32]


def paper_form_pdf(form: PaperForm, size: FormSize) -> bytes:
    """The form as PDF bytes (cached per content and size)."""
    return _render(form, size, form_digest(form, size))


@functools.lru_cache(maxsize=32)
def _render(form: PaperForm, size: FormSize, _digest: str) -> bytes:
    # laid out twice: the first pass measures how much room the proposal box may take
    first = _FormPdf(form, size).build()
    if first.slack <= 0:
        return bytes(first.output())
    return bytes(_FormPdf(form, size, extra_box=first.slack).build().output())


class _FormPdf(FPDF):
    def __init__(self, form: PaperForm, size: FormSize, extra_box: float = 0) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.form, self.size, self.scale = form, size, _SCALES[size]
        self.extra_box = extra_box
        self.slack = 0.0  # room left above the receipt slip on a one-page form
        fonts = japanese_fonts()
        self.add_font(FONT, "", fonts.regular, collection_font_number=JAPANESE_FACE)
        self.add_font(FONT, "B", fonts.bold, collection_font_number=JAPANESE_FACE)
        self.set_margins(15, 12, 15)
        self.set_auto_page_break(True, margin=12)
        self.set_title(f"ご意見・ご提案の用紙：{form.title}")
        self.set_lang("ja")
        self.set_creator("Kyoso")
        if form.issuer:
            self.set_author(form.issuer)

    # --- text ---------------------------------------------------------------------------

    def text_lines(
        self,
        text: str,
        size: float,
        *,
        bold: bool = False,
        color: tuple[int, int, int] = INK,
        max_lines: int | None = None,
    ) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*color)
        height = size * 0.5
        rows: list[str] = []
        for paragraph in text.splitlines() or [""]:
            if paragraph.strip():
                rows += japanese_lines(self, 0, paragraph.strip(), height)
        if max_lines is not None and len(rows) > max_lines:
            rows = rows[:max_lines]
            rows[-1] = rows[-1][:-2] + "…"
        for row in rows:
            self.cell(0, height, row, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def heading(self, text: str) -> None:
        self.ensure_room(self.scale.heading * 0.6 + self.scale.line * 4)  # never alone
        self.ln(self.scale.line * 0.4)
        self.set_font(FONT, "B", self.scale.heading)
        self.set_fill_color(226, 235, 245)
        self.cell(
            0, self.scale.heading * 0.6, f" {text}", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.ln(1.2)

    def ensure_room(self, height: float) -> None:
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    # --- blocks -------------------------------------------------------------------------

    def labelled_box(self, label: str, height: float, hint: str = "") -> None:
        """A box to write in under its label; height 0 fills the rest of the page."""
        s = self.scale
        self.ensure_room(max(height, 30) + s.line * 2)
        self.set_font(FONT, "B", s.text)
        self.cell(self.get_string_width(label) + 2, s.line, label)
        if hint:
            self.set_font(FONT, "", s.text * 0.85)
            self.set_text_color(*GREY)
            self.cell(0, s.line, hint)
            self.set_text_color(*INK)
        self.ln(s.line)
        if not height:
            height = self.page_break_trigger - self.get_y() - 2
        self.set_line_width(0.35)
        self.rect(self.l_margin, self.get_y(), self.epw, height)
        if height > 30:  # ruled lines help a hand keep straight
            self.set_draw_color(200, 200, 200)
            self.set_line_width(0.15)
            step = s.line * 2.1
            y = self.get_y() + step
            while y < self.get_y() + height - 2:
                self.line(self.l_margin + 2, y, self.l_margin + self.epw - 2, y)
                y += step
            self.set_draw_color(*INK)
        self.set_y(self.get_y() + height + 1.5)

    def tick_boxes(self, label: str, choices: list[str], note: str) -> None:
        s = self.scale
        self.ensure_room(s.line * 4)
        self.set_font(FONT, "B", s.text)
        self.cell(self.get_string_width(label) + 3, s.line, label)
        self.set_font(FONT, "", s.text * 0.85)
        self.set_text_color(*GREY)
        self.cell(0, s.line, note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.set_font(FONT, "", s.text)
        x = self.l_margin + 2
        self.set_line_width(0.3)
        for choice in choices:
            width = s.tick + 1.5 + self.get_string_width(choice) + 5
            if x + width > self.l_margin + self.epw:
                x = self.l_margin + 2
                self.ln(s.line * 1.35)
            y = self.get_y() + (s.line * 1.2 - s.tick) / 2
            self.rect(x, y, s.tick, s.tick)
            self.set_xy(x + s.tick + 1.5, self.get_y())
            self.cell(width - s.tick - 1.5, s.line * 1.2, choice)
            x += width
        self.ln(s.line * 1.5)

    def cut_line(self) -> None:
        self.set_draw_color(120, 120, 120)
        self.set_line_width(0.25)
        y = self.get_y() + 2
        self.set_dash_pattern(dash=2, gap=1.5)
        self.line(0, y, self.w, y)
        self.set_dash_pattern()
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*GREY)
        label = "切り取り線（受付票は職員が記入してお渡しします）"
        width = self.get_string_width(label) + 4
        self.set_fill_color(255, 255, 255)
        self.set_xy((self.w - width) / 2, y - 2)
        self.cell(width, 4, label, align="C", fill=True)
        self.set_text_color(*INK)
        self.set_draw_color(*INK)
        self.set_xy(self.l_margin, y + 4)

    def receipt(self) -> None:
        s = self.scale
        f = self.form
        height = s.line * 8.6  # cut line, heading, title, the two blanks, two lines of note
        self.ensure_room(height + 2)
        bottom = self.page_break_trigger - height
        if self.page_no() == 1:
            self.slack = bottom - 4 - self.get_y()
        self.set_y(max(self.get_y(), bottom))
        self.cut_line()
        top = self.get_y()
        self.set_font(FONT, "B", s.heading)
        self.cell(0, s.heading * 0.6, "受付票（お控え）", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.text_lines(f"{f.title}", s.text, max_lines=1)
        self.ln(1)
        self.set_font(FONT, "", s.text)
        half = self.epw / 2
        for label in ("受付番号", "受付日"):
            self.cell(s.text * 2.2, s.line * 1.6, label)
            x, y = self.get_x(), self.get_y() + s.line * 1.4
            self.line(x, y, self.l_margin + half - 6 if label == "受付番号" else x + half - 20, y)
            if label == "受付日":
                self.set_xy(x, self.get_y())
                self.cell(half - 20, s.line * 1.6, "　　　　年　　月　　日", align="R")
            self.set_xy(self.l_margin + half, top + s.heading * 0.6 + s.line + 1)
        self.set_xy(self.l_margin, self.get_y() + s.line * 1.8)
        self.text_lines(
            "この受付番号で、ご意見がどのように計画に生かされたかをお問い合わせいただけます。"
            f"経過はホームページでもご覧になれます：\n{f.site_url}",
            s.text * 0.85,
            color=GREY,
        )

    def schedule(self, phases: tuple[tuple[str, str], ...]) -> None:
        """Phase and dates, in two columns on the standard form (one line per two phases)."""
        s = self.scale
        columns = 2 if self.size == "standard" and len(phases) > 1 else 1
        width = self.epw / columns
        for i, (label, period) in enumerate(phases):
            column = i % columns
            self.set_x(self.l_margin + column * width)
            self.set_font(FONT, "B", s.text)
            self.cell(s.text * 3.2, s.line, label)
            self.set_font(FONT, "", s.text)
            last = column == columns - 1 or i == len(phases) - 1
            self.cell(
                width - s.text * 3.2,
                s.line,
                period,
                new_x=XPos.LMARGIN if last else XPos.RIGHT,
                new_y=YPos.NEXT if last else YPos.TOP,
            )

    # --- the document -------------------------------------------------------------------

    def build(self) -> _FormPdf:
        s, f = self.scale, self.form
        self.add_page()
        if f.issuer:
            self.set_font(FONT, "", s.text * 0.85)
            self.set_text_color(*GREY)
            self.cell(0, s.line, f.issuer, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_text_color(*INK)
        self.text_lines("ご意見・ご提案の用紙", s.heading + 4, bold=True)
        self.ln(0.5)
        self.text_lines(f.title, s.heading + 1, bold=True)
        if f.description:
            self.ln(1)
            self.text_lines(f.description, s.text, max_lines=DESCRIPTION_LINES[self.size])
        if f.phases:
            self.heading("日程")
            self.schedule(f.phases)
        self.heading("ご意見・ご提案")
        self.labelled_box("題名", s.title_box, "（ひとことで）")
        self.labelled_box(
            "内容",
            s.proposal_box + self.extra_box,
            "（困っていること、こうしたらよいという考えなど。裏面も使えます）",
        )
        if not s.proposal_box:
            self.add_page()
        self.heading("あなたについて（任意）")
        if f.districts:
            self.tick_boxes("お住まいの地区", list(f.districts), "（ひとつに✓）")
        self.tick_boxes("年代", list(AGE_LABELS.values()), "（ひとつに✓）")
        self.heading("ご記入いただいた内容の取り扱い")
        self.text_lines(
            "いただいたご意見は、個人が特定される部分を伏せてホームページで公開し、計画づくりに"
            "生かします。地区と年代は集計にだけ使います。お名前・住所・電話番号は書かないで"
            f"ください。詳しくはプライバシーポリシーをご覧ください：\n{f.privacy_url}",
            s.text * 0.9,
        )
        self.heading("提出先・お問い合わせ")
        where = f.issuer or "市の担当窓口"
        self.text_lines(f"{where}へ、郵送・窓口・説明会の会場でご提出ください。", s.text * 0.9)
        if f.contact:  # large print: one per line, so no address or e-mail is cut
            self.text_lines(
                ("　" if self.size == "standard" else "\n").join(f.contact), s.text * 0.9
            )
        self.receipt()
        return self
