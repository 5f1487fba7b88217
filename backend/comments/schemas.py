"""Shapes of comments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from backend.users.schemas import PublicUser

CommentBody = Annotated[
    str, msgspec.Meta(min_length=1, max_length=2000, description="1–2,000 characters")
]


class CommentCreate(msgspec.Struct, forbid_unknown_fields=True):
    body: CommentBody
    parent_id: int | None = None


class CommentOut(msgspec.Struct):
    id: int
    proposal_id: int
    parent_id: int | None
    author: PublicUser
    author_role: str
    body: str
    status: str
    created_at: datetime
    replies: list[CommentOut] = []
