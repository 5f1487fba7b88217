"""What the public sees of what residents wrote: one rule for proposals and comments.

- Text: the author and city staff see it as written; everyone else (anonymous visitors, other
  residents, council members) sees it with phone numbers, e-mail addresses, postal codes and
  street addresses masked, as the exports print it. Residents paste their contact details
  into proposals ("連絡は 090-…"); the live pages showed them to the world.
- Hidden (moderated) proposals exist only for staff and their author.
- Withdrawn proposals (取り下げ) leave the public lists and search: a resident who withdraws
  expects it gone. Their page still opens (comments and themes link to it) and says it was
  withdrawn, naming no author. The author and staff still see everything.
- Hidden and withdrawn proposals also leave what was built from them before (public themes,
  the published draft, exports, the city's answers: ``proposals/withheld.py``), with the
  sentences a theme's extractive summary quoted from them (``without_quotes``).
- Photos of a hidden or withdrawn proposal exist only for staff and its author: a photo shows
  a place or a person more than words do, so it goes with the proposal from public view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from backend.users.auth import CurrentUser
from backend.users.roles import STAFF_ROLES
from ml.text import mask_pii, normalize_text


def is_staff(viewer: CurrentUser | None) -> bool:
    return viewer is not None and viewer.role in STAFF_ROLES


def sees_as_written(viewer: CurrentUser | None, author_id: int | None) -> bool:
    """The author and staff see text, names and withdrawn proposals as they are."""
    return is_staff(viewer) or (
        viewer is not None and author_id is not None and viewer.id == author_id
    )


@lru_cache(maxsize=2048)
def masked(text: str) -> str:
    """Free text as everyone but its author and staff sees it."""
    # the masking scans ~45 µs per proposal with digits (2 ms for a page of 20): cache it
    shown = mask_pii(text)
    return text if shown == normalize_text(text) else shown  # unchanged text stays as written


def shown_text(text: str, viewer: CurrentUser | None, author_id: int | None) -> str:
    """Free text as this viewer may see it."""
    return text if sees_as_written(viewer, author_id) else masked(text)


def hidden_from(viewer: CurrentUser | None, status: str, author_id: int | None) -> bool:
    """A hidden (moderated) proposal exists only for staff and its author."""
    return status == "hidden" and not sees_as_written(viewer, author_id)


def images_hidden_from(viewer: CurrentUser | None, status: str, author_id: int | None) -> bool:
    """The photos of a hidden or withdrawn proposal exist only for staff and its author."""
    return status != "published" and not sees_as_written(viewer, author_id)


def shows_author(viewer: CurrentUser | None, status: str, author_id: int | None) -> bool:
    """A withdrawn proposal names its author only to the author and staff."""
    return status != "withdrawn" or sees_as_written(viewer, author_id)


def listed_author(viewer: CurrentUser | None, status: str, author_id: int | None) -> int | None:
    """Whose proposals of ``status`` a list may show: ``author_id`` (None: everyone's) for
    public statuses and staff; otherwise only the viewer's own (-1: nobody's)."""
    if status != "withdrawn" or is_staff(viewer):
        return author_id
    own = viewer.id if viewer is not None else -1
    return own if author_id in (None, own) else -1


# a sentence and the space after it: 。！？ end one anywhere, .!? only before a space or the end
_SENTENCES = re.compile(r".*?(?:[。！？]|[.!?](?=\s|$)|$)\s*", re.DOTALL)
_SPACE = re.compile(r"\s+")
_QUOTE_MIN_CHARS = 8  # the shortest sentence a summary takes (ml.titles)


def _squeezed(text: str) -> str:
    return _SPACE.sub("", normalize_text(text))


def without_quotes(summary: str, texts: Iterable[str]) -> str:
    """A theme summary without the sentences it quotes from ``texts``: summaries are
    residents' own sentences, so one from a proposal the public no longer sees goes with it."""
    sources = [_squeezed(mask_pii(t)) for t in texts]
    if not sources or not summary:
        return summary
    kept = []
    for sentence in filter(None, _SENTENCES.findall(summary)):
        core = _squeezed(sentence).rstrip("。！？.!?")
        if len(core) < _QUOTE_MIN_CHARS or not any(core in source for source in sources):
            kept.append(sentence)
    return "".join(kept).strip()
