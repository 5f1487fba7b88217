"""An analysis run may name only an allowed embedding model, not any local directory (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from backend.analysis.models import AnalysisRun
from backend.analysis.runner import ANALYSIS
from backend.core.database import Database
from backend.jobs.runner import execute_job
from support import Api, post_proposal


def _model_directory(tmp_path: Path) -> str:
    """A directory that looks like a sentence-transformers model to the loader."""
    (tmp_path / "planted").mkdir()
    (tmp_path / "planted" / "config.json").write_text("{}")
    return str(tmp_path / "planted")


async def test_a_run_naming_a_local_directory_is_refused_with_a_clear_422(
    planner: Api, process_id: int, tmp_path: Path
) -> None:
    response = await planner.post(
        f"/api/v1/processes/{process_id}/analysis-runs",
        json={"backend": "sentence-transformers", "model": _model_directory(tmp_path)},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert "not offered by this server" in problem["detail"]
    assert "KYOSO_ANALYSIS_MODELS" in problem["detail"]
    assert "intfloat/multilingual-e5-small" in problem["allowed_models"]
    runs = await planner.get(f"/api/v1/processes/{process_id}/analysis-runs")
    assert runs.json() == []


async def test_a_model_the_operator_offers_is_accepted(
    app: Any, planner: Api, process_id: int
) -> None:
    app.state.settings = msgspec.structs.replace(
        app.state.settings, analysis_models="municipal-e5, intfloat/multilingual-e5-base"
    )
    response = await planner.post(
        f"/api/v1/processes/{process_id}/analysis-runs",
        json={"backend": "sentence-transformers", "model": "intfloat/multilingual-e5-base"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["params"]["model"] == "intfloat/multilingual-e5-base"


async def test_the_worker_refuses_a_queued_run_that_names_a_model_not_offered(
    resident: Api, database: Database, process_id: int, tmp_path: Path
) -> None:
    await post_proposal(resident, process_id)
    async with database.session(write=True) as session:
        run = AnalysisRun(
            process_id=process_id,
            params={"backend": "sentence-transformers", "model": _model_directory(tmp_path)},
        )
        session.add(run)
        await session.flush()
        run_id = run.id
    await execute_job(database, ANALYSIS, run_id)
    async with database.session(write=False) as session:
        stored = await session.get(AnalysisRun, run_id)
        assert stored is not None
        assert stored.status == "failed"
        assert "not offered by this server" in (stored.error or "")
