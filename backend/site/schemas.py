"""Request and response shapes of the site settings and pages (the edge: constraints here)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

PageKind = Literal["terms", "privacy", "accessibility"]
PAGE_KINDS: tuple[PageKind, ...] = ("terms", "privacy", "accessibility")
# the pages a resident agrees to at sign-up and again after each new version
CONSENT_KINDS: tuple[PageKind, ...] = ("terms", "privacy")
SiteLanguage = Literal["ja", "en"]  # the language a visitor's first page is shown in


Address = Annotated[str, msgspec.Meta(max_length=200, examples=["〒000-0000 ○○市本町1-1"])]
Phone = Annotated[
    str,
    msgspec.Meta(
        max_length=24,
        pattern=r"^[0-9+()\- ]*$",
        description="digits, spaces, + ( ) -",
        examples=["0123-45-6789"],
    ),
]
ContactEmail = Annotated[
    str,
    msgspec.Meta(
        max_length=254,
        pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$",
        examples=["kikaku@city.example.lg.jp"],
    ),
]
WebAddress = Annotated[
    str,
    msgspec.Meta(
        max_length=300,
        pattern=r"^$|^https?://[^\s]+$",
        examples=["https://www.city.example.lg.jp/"],
    ),
]
NameJa = Annotated[str, msgspec.Meta(min_length=1, max_length=60, examples=["○○市"])]
NameEn = Annotated[str, msgspec.Meta(max_length=80, examples=["Kawase City"])]
DepartmentJa = Annotated[str, msgspec.Meta(max_length=80, examples=["政策企画部 企画課"])]
DepartmentEn = Annotated[str, msgspec.Meta(max_length=120)]
PageBodyJa = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=50_000,
        description="Markdown: # headings, - lists, **bold**, [links](https://…)",
    ),
]
PageBodyEn = Annotated[str, msgspec.Meta(max_length=50_000)]


class Contact(msgspec.Struct, forbid_unknown_fields=True):
    address: Address = ""
    phone: Phone = ""
    email: ContactEmail = ""
    url: WebAddress = ""


class SiteUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Everything an admin sets at once (PUT replaces the whole; the logo has its own route)."""

    name_ja: NameJa
    name_en: NameEn = ""
    department_ja: DepartmentJa = ""
    department_en: DepartmentEn = ""
    contact: Contact = msgspec.field(default_factory=Contact)
    default_language: SiteLanguage = "ja"


class PageVersionCreate(msgspec.Struct, forbid_unknown_fields=True):
    body_ja: PageBodyJa
    body_en: PageBodyEn = ""


class PageVersionInfo(msgspec.Struct):
    version: int
    published_at: datetime


class SitePages(msgspec.Struct):
    terms: PageVersionInfo | None = None
    privacy: PageVersionInfo | None = None
    accessibility: PageVersionInfo | None = None


class SiteOut(msgspec.Struct):
    """What every visitor's SPA loads with its shell. ``configured`` false: a fresh install."""

    configured: bool
    name_ja: str
    name_en: str
    department_ja: str
    department_en: str
    contact: Contact
    default_language: SiteLanguage
    logo_url: str | None
    pages: SitePages


class PageOut(msgspec.Struct):
    kind: PageKind
    version: int
    body_ja: str
    body_en: str
    published_at: datetime


class ConsentGiven(msgspec.Struct, forbid_unknown_fields=True):
    """The versions the resident just read and accepted (they must be the current ones)."""

    terms_version: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
    privacy_version: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
