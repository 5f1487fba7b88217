"""Site settings (サイト設定): who runs this installation, and its versioned public pages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database import Base, BigId, UTCDateTime, utcnow
from backend.site.schemas import PageKind, SiteLanguage


class SiteSettings(Base):
    """One row (id 1): the municipality, its issuing department (担当課), contact and logo.

    No row yet means a fresh install: the SPA shows neutral wording and an admin hint."""

    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_ja: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(80), default="")
    department_ja: Mapped[str] = mapped_column(String(80), default="")
    department_en: Mapped[str] = mapped_column(String(120), default="")
    contact_address: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(24), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_url: Mapped[str] = mapped_column(String(300), default="")
    default_language: Mapped[SiteLanguage] = mapped_column(String(8), default="ja")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    logo_type: Mapped[str | None] = mapped_column(String(20), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SitePage(Base):
    """One version of a public page (利用規約, プライバシーポリシー, アクセシビリティ方針).

    Versions are never edited: each save adds the next number, so a resident's consent names
    exactly the text they accepted."""

    __tablename__ = "site_pages"
    __table_args__ = (UniqueConstraint("kind", "version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[PageKind] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    body_ja: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
