"""``kyoso site …``: set a city up without a browser (the same rules and audit log as the API).

kyoso site set --name-ja ○○市 --name-en "Example City" --department-ja "企画部 企画課"
kyoso site page terms --file terms.md [--file-en terms.en.md]
kyoso site logo --file logo.png
kyoso site show
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from backend.core.config import Settings
from backend.site.schemas import PAGE_KINDS, PageVersionCreate

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

# option → field of SiteUpdate (contact_* go into its contact)
SETTING_OPTIONS = {
    "name_ja": "municipality name in Japanese (○○市)",
    "name_en": "municipality name in English",
    "department_ja": "issuing department (担当課) in Japanese",
    "department_en": "issuing department in English",
    "contact_address": "postal address",
    "contact_phone": "telephone number",
    "contact_email": "contact e-mail address",
    "contact_url": "the city's web page (https://…)",
    "default_language": "ja or en",
}


def add_site_commands(commands: Any) -> None:
    site = commands.add_parser("site", help="site settings: city, department, pages, logo")
    actions = site.add_subparsers(dest="site_command", required=True)
    set_ = actions.add_parser("set", help="change settings (others keep their value)")
    for field, help_text in SETTING_OPTIONS.items():
        set_.add_argument(f"--{field.replace('_', '-')}", dest=field, help=help_text)
    page = actions.add_parser("page", help="publish a new version of a page from Markdown")
    page.add_argument("kind", choices=PAGE_KINDS)
    page.add_argument("--file", required=True, type=Path, help="Japanese text (Markdown)")
    page.add_argument("--file-en", type=Path, help="English text (Markdown)")
    logo = actions.add_parser("logo", help="upload the logo (PNG or JPEG)")
    logo.add_argument("--file", required=True, type=Path)
    actions.add_parser("show", help="print the settings and page versions")


def _in_transaction(settings: Settings, work: Callable[[AsyncSession], Awaitable[str]]) -> None:
    from backend.core.database import Database
    from backend.core.errors import DomainError

    async def run() -> str:
        database = Database(settings)
        try:
            async with database.session(write=True) as session:
                return await work(session)
        finally:
            await database.dispose()

    try:
        print(asyncio.run(run()))
    except DomainError as exc:
        sys.exit(f"Not saved: {exc.detail}")
    except msgspec.ValidationError as exc:
        sys.exit(f"Not saved: {exc}")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        sys.exit(f"Cannot read {path}: {exc}")


def run_site_command(settings: Settings, args: argparse.Namespace) -> None:
    from backend.core.errors import InvalidInput
    from backend.site import services

    if args.site_command == "set":
        changes = {f: getattr(args, f) for f in SETTING_OPTIONS if getattr(args, f) is not None}
        if not changes:
            sys.exit("Nothing to change: give at least one option (see kyoso site set --help).")

        async def save(session: AsyncSession) -> str:
            current = await services.read_site(session)
            if not current.configured and "name_ja" not in changes:
                raise InvalidInput("Set the municipality's name first: --name-ja ○○市")
            data = services.site_update_from(current, changes)
            site = await services.update_site(session, None, data)
            return f"Saved: {site.name_ja} {site.department_ja}".rstrip()

        _in_transaction(settings, save)
    elif args.site_command == "page":
        texts = {
            "body_ja": _read(args.file),
            "body_en": _read(args.file_en) if args.file_en else "",
        }

        async def publish(session: AsyncSession) -> str:
            data = msgspec.convert(texts, PageVersionCreate)
            page = await services.publish_page(session, None, args.kind, data)
            return f"Published {args.kind} version {page.version}."

        _in_transaction(settings, publish)
    elif args.site_command == "logo":
        try:
            image = args.file.read_bytes()
        except OSError as exc:
            sys.exit(f"Cannot read {args.file}: {exc}")

        async def upload(session: AsyncSession) -> str:
            site = await services.set_logo(session, None, image)
            return f"Logo saved: {site.logo_url}"

        _in_transaction(settings, upload)
    else:

        async def show(session: AsyncSession) -> str:
            return msgspec.json.format(
                msgspec.json.encode(await services.read_site(session)), indent=2
            ).decode()

        _in_transaction(settings, show)
