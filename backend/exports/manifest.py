"""The exports feature: the co-creation summary (PDF, DOCX, Markdown, open data)."""

from backend.core.config import Settings
from backend.core.features import Feature
from backend.exports.controllers import ExportController, ProcessExportsController
from backend.exports.fonts import choose_export_fonts
from backend.exports.services import EXPORT


def _choose_fonts(settings: Settings) -> None:
    choose_export_fonts(settings.export_font, settings.export_font_bold)


FEATURE = Feature(
    name="exports",
    routes=[ProcessExportsController, ExportController],
    models=["backend.exports.models"],
    configure=[_choose_fonts],
    job_kinds=[EXPORT],
)
