from typing import Any
import msgspec

async def test_smoke(exported: Any) -> None:
    import pathlib
    from backend.exports.services import staff_selection
    from backend.exports.summary import collect_summary
    from backend.processes.models import Process
    out = pathlib.Path("/tmp/exports-out"); out.mkdir(exist_ok=True)
    for name, data in exported.files.items():
        (out / name).write_bytes(data)
    for name, data in exported.public_files.items():
        (out / ("public-" + name)).write_bytes(data)
    async with exported.database.session(write=False) as session:
        process = await session.get(Process, exported.process_id)
        s = await collect_summary(session, process, await staff_selection(session, process.id, {}))
    (out / "summary.json").write_bytes(msgspec.json.encode(s))
