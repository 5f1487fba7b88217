"""Routes: comments and replies on a proposal."""

from __future__ import annotations

from litestar import Controller, get, post

from backend.comments import services
from backend.comments.schemas import CommentCreate, CommentOut
from backend.core.dependencies import Db
from backend.core.ratelimit import rate_limited
from backend.users.dependencies import SignedInUser, Viewer
from backend.users.schemas import PublicUser


class CommentController(Controller):
    path = "/api/v1/proposals/{proposal_id:int}/comments"
    tags = ["comments"]

    @get("/", summary="Comments, oldest first, each with its replies")
    async def list_comments(self, db: Db, viewer: Viewer, proposal_id: int) -> list[CommentOut]:
        return await services.list_comments(db, viewer, proposal_id)

    @post("/", guards=[rate_limited("post")], summary="Comment, or reply to a top-level comment")
    async def add_comment(
        self, db: Db, user: SignedInUser, proposal_id: int, data: CommentCreate
    ) -> CommentOut:
        comment = await services.add_comment(db, user, proposal_id, data)
        return CommentOut(
            comment.id,
            comment.proposal_id,
            comment.parent_id,
            PublicUser(user.id, user.display_name),
            user.role,
            comment.body,
            comment.status,
            comment.created_at,
            [],
        )
