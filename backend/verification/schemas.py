"""Shapes of postcard batches, code entry and counter verification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import msgspec
from litestar.datastructures import UploadFile

from backend.verification.levels import Level

MAX_ADDRESSES = 500  # ~10 s of PDF rendering on one core; larger lists go in several batches
Label = Annotated[str, msgspec.Meta(max_length=120, description="e.g. 「2026年12月 北地区」")]
ValidDays = Annotated[int, msgspec.Meta(ge=1, le=365, description="days the codes work")]
Note = Annotated[str, msgspec.Meta(max_length=500)]


class PostalAddress(msgspec.Struct, forbid_unknown_fields=True):
    """One addressee, printed on a postcard and then forgotten."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
    postal_code: Annotated[
        str,
        msgspec.Meta(
            max_length=10,
            pattern=r"^(〒?\s*[0-9０-９]{3}[-‐－ー]?[0-9０-９]{4})?$",
            description="e.g. 123-4567 (may be empty)",
        ),
    ] = ""
    address: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] = ""


class PostcardBatchCreate(msgspec.Struct, forbid_unknown_fields=True):
    addresses: Annotated[list[PostalAddress], msgspec.Meta(min_length=1, max_length=MAX_ADDRESSES)]
    label: Label = ""
    valid_days: ValidDays | None = None  # None: KYOSO_POSTCARD_CODE_DAYS


@dataclass
class PostcardFileUpload:
    """The address list (.xlsx or CSV with the columns 氏名, 郵便番号, 住所) as multipart/form-data
    field ``file``, and optionally ``label`` and ``valid_days``."""

    file: UploadFile
    label: str = ""
    valid_days: int | None = None


class BatchOut(msgspec.Struct):
    id: int
    label: str
    created_at: datetime
    expires_at: datetime
    code_count: int
    used_count: int
    created_by: str | None


class CodeEntry(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(min_length=1, max_length=40, examples=["ABCD-EFGH-JKMN"])]


class VerificationStatus(msgspec.Struct):
    """An account's tier, and the one a postcard code or staff granted (``postcard``,
    ``counter``), if any."""

    level: Level
    granted_level: str | None
    verified_at: datetime | None


class CounterVerification(msgspec.Struct, forbid_unknown_fields=True):
    """「窓口で確認済み」: what staff saw, briefly (e.g. 「運転免許証で確認」; never a document
    number)."""

    note: Note = ""


class VerifiedUser(msgspec.Struct):
    """A resident as staff see them at the counter."""

    id: int
    display_name: str
    email: str
    level: Level
    verified_at: datetime | None
