"""Photos on proposals through the real API: cleaned of EXIF, limited, hidden with the proposal."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image
from sqlalchemy import delete, func, select

from backend.proposals.models import Proposal, ProposalImage
from support import Api, post_proposal, set_phase

GPS_IFD = 0x8825
MAKE, ORIENTATION = 0x010F, 0x0112


def jpeg_with_gps(size: tuple[int, int] = (3200, 1200), orientation: int | None = None) -> bytes:
    """A phone-like JPEG: camera make and GPS position in its EXIF, optionally an orientation."""
    image = Image.new("RGB", size, (200, 80, 40))
    image.paste((20, 60, 200), (0, 0, size[0] // 2, size[1] // 4))  # a mark to find the top
    exif = Image.Exif()
    exif[MAKE] = "KyosoCam"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (35.0, 41.0, 22.5), 3: "E", 4: (139.0, 41.0, 30.2)})
    if orientation:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


async def upload(
    api: Api,
    proposal_id: int,
    data: bytes,
    alt: str | None = "壊れた階段の写真",
    filename: str = "photo.jpg",
    content_type: str = "image/jpeg",
) -> Any:
    form = {"alt": alt} if alt is not None else {}
    return await api.post(
        f"/api/v1/proposals/{proposal_id}/images",
        data=form,
        files={"file": (filename, data, content_type)},
    )


def stored_files(database: Any) -> list[Path]:
    return sorted(p for p in (database.settings.data_dir / "media").rglob("*") if p.is_file())


async def test_a_photo_comes_back_upright_small_and_without_its_gps(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    original = jpeg_with_gps(orientation=6)  # taken sideways: the phone says "turn 90° right"
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test can fail
    proposal = await post_proposal(resident, process_id)

    response = await upload(resident, proposal["id"], original)
    assert response.status_code == 201, response.text
    [image] = response.json()["images"]
    assert image["alt"] == "壊れた階段の写真"
    assert (image["width"], image["height"]) == (600, 1600)  # upright and scaled down

    listed = (await anonymous.get(f"/api/v1/processes/{process_id}/proposals")).json()["items"]
    assert listed[0]["images"] == [image]
    for url, longest in ((image["url"], 1600), (image["thumb_url"], 480)):
        served = await anonymous.get(url)
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/webp"
        assert b"KyosoCam" not in served.content and b"Exif" not in served.content
        photo = Image.open(io.BytesIO(served.content))
        assert photo.format == "WEBP" and max(photo.size) == longest
        assert not photo.getexif() and "exif" not in photo.info and "icc_profile" not in photo.info
        assert photo.height > photo.width
        top = photo.convert("RGB").getpixel((photo.width - 2, 2))
        assert top[2] > 150  # the blue mark, once top-left, is top-right after turning right


async def test_a_20_mb_upload_is_refused_in_a_sentence_and_stores_nothing(
    resident: Api, process_id: int, database: Any
) -> None:
    proposal = await post_proposal(resident, process_id)
    response = await upload(resident, proposal["id"], b"\xff\xd8" + b"\0" * (20 * 1024 * 1024))
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] == "/problems/too-large"
    assert "at most 10 MB" in problem["detail"]
    assert stored_files(database) == []


async def test_files_that_are_not_usable_photos_are_refused(
    resident: Api, process_id: int, database: Any
) -> None:
    proposal = await post_proposal(resident, process_id)
    bomb = io.BytesIO()
    Image.new("1", (8000, 8000)).save(bomb, "PNG")  # a few kB that decode to 64 megapixels
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    cases = [
        b"%PDF-1.4 not a photo at all",  # sent as photo.jpg, image/jpeg: the name does not count
        jpeg_with_gps()[:5000],  # cut off in the middle
        gif.getvalue(),
        bomb.getvalue(),
        b"",
    ]
    for data in cases:
        response = await upload(resident, proposal["id"], data)
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["type"] == "/problems/unusable-image"
        assert "JPEG, PNG or WebP" in problem["detail"] or "million pixels" in problem["detail"]
    assert (
        "million pixels"
        in (await upload(resident, proposal["id"], bomb.getvalue())).json()["detail"]
    )
    assert stored_files(database) == []


async def test_alt_text_is_required_and_limited(resident: Api, process_id: int) -> None:
    proposal = await post_proposal(resident, process_id)
    photo = jpeg_with_gps((400, 300))
    for alt in (None, "", "   ", "あ" * 201, "写真\u202e逆"):
        response = await upload(resident, proposal["id"], photo, alt=alt)
        assert response.status_code in (400, 422), (alt, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert (await upload(resident, proposal["id"], photo, alt="あ" * 200)).status_code == 201


async def test_at_most_three_photos_and_a_removed_one_is_gone(
    resident: Api, anonymous: Api, process_id: int, database: Any
) -> None:
    proposal = await post_proposal(resident, process_id)
    photo = jpeg_with_gps((400, 300))
    for i in range(3):
        assert (await upload(resident, proposal["id"], photo, alt=f"写真{i}")).status_code == 201
    fourth = await upload(resident, proposal["id"], photo, alt="四枚目")
    assert fourth.status_code == 422 and "at most 3 photos" in fourth.json()["detail"]
    assert len(stored_files(database)) == 6  # full size and thumbnail of each

    images = (await anonymous.get(f"/api/v1/proposals/{proposal['id']}")).json()["images"]
    assert [i["alt"] for i in images] == ["写真0", "写真1", "写真2"]
    removed = await resident.delete(f"/api/v1/proposals/{proposal['id']}/images/{images[1]['id']}")
    assert removed.status_code == 200
    assert [i["alt"] for i in removed.json()["images"]] == ["写真0", "写真2"]
    assert (await anonymous.get(images[1]["url"])).status_code == 404
    assert len(stored_files(database)) == 4
    again = await upload(resident, proposal["id"], photo, alt="差し替え")
    assert [i["alt"] for i in again.json()["images"]] == ["写真0", "差し替え", "写真2"]


async def test_only_the_author_changes_photos_and_only_while_editing_is_open(
    resident: Api, other_resident: Api, anonymous: Api, planner: Api, process_id: int, database: Any
) -> None:
    proposal = await post_proposal(resident, process_id)
    photo = jpeg_with_gps((400, 300))
    assert (await upload(anonymous, proposal["id"], photo)).status_code == 401
    assert (await upload(other_resident, proposal["id"], photo)).status_code == 403
    assert (await upload(planner, proposal["id"], photo)).status_code == 403  # not a proxy entry
    added = (await upload(resident, proposal["id"], photo)).json()["images"][0]
    url = f"/api/v1/proposals/{proposal['id']}/images/{added['id']}"
    assert (await other_resident.delete(url)).status_code == 403
    await set_phase(database, process_id, "themes")
    assert (await upload(resident, proposal["id"], photo)).status_code == 409
    assert (await resident.delete(url)).status_code == 409


async def test_staff_attach_photos_to_a_paper_submission(
    planner: Api, admin: Api, anonymous: Api, process_id: int
) -> None:
    entered = await planner.post(
        f"/api/v1/processes/{process_id}/proxy-proposals",
        json={
            "title": "歩道橋の階段が欠けている",
            "body": "写真を同封します。",
            "district_code": "kita",
            "channel": "paper",
        },
    )
    response = await upload(
        planner, entered.json()["id"], jpeg_with_gps((800, 600)), alt="欠けた階段の角"
    )
    assert response.status_code == 201
    url = response.json()["images"][0]["thumb_url"]
    assert (await anonymous.get(url)).status_code == 200
    audit = await admin.get("/api/v1/admin/audit-events", params={"action": "proposal.image_added"})
    assert len(audit.json()["items"]) == 1


async def test_a_hidden_or_withdrawn_proposals_photos_are_404_to_the_public(
    resident: Api, other_resident: Api, anonymous: Api, planner: Api, process_id: int
) -> None:
    hidden = await post_proposal(resident, process_id)
    withdrawn = await post_proposal(resident, process_id, title="地下道が暗い")
    urls = []
    for proposal in (hidden, withdrawn):
        image = (await upload(resident, proposal["id"], jpeg_with_gps((400, 300)))).json()
        urls += [image["images"][0]["url"], image["images"][0]["thumb_url"]]
        assert (await anonymous.get(urls[-1])).status_code == 200
    await planner.post(
        f"/api/v1/moderation/proposals/{hidden['id']}/hide", json={"reason": "個人が写っているため"}
    )
    await resident.post(f"/api/v1/proposals/{withdrawn['id']}/withdraw")

    for url in urls:
        for viewer in (anonymous, other_resident):
            response = await viewer.get(url)
            assert response.status_code == 404, url
            assert response.headers["content-type"].startswith("application/problem+json")
        for viewer in (resident, planner):  # the author and staff still see them
            assert (await viewer.get(url)).status_code == 200
    page = (await anonymous.get(f"/api/v1/proposals/{withdrawn['id']}")).json()
    assert page["status"] == "withdrawn" and page["images"] == []
    assert len((await resident.get(f"/api/v1/proposals/{hidden['id']}")).json()["images"]) == 1
    assert (await anonymous.get(urls[0].replace("/full", "/original"))).status_code == 404


async def test_a_deleted_proposal_takes_its_photo_rows_with_it(
    resident: Api, process_id: int, database: Any
) -> None:
    proposal = await post_proposal(resident, process_id)
    await upload(resident, proposal["id"], jpeg_with_gps((400, 300)))
    async with database.session(write=True) as session:
        await session.execute(delete(Proposal).where(Proposal.id == proposal["id"]))
    async with database.session(write=False) as session:
        assert await session.scalar(select(func.count()).select_from(ProposalImage)) == 0
