"""The jobs feature: the queue every kind of job runs from, and embedded mode's in-process
runner."""

from litestar import Litestar

from backend.core.app_state import DATABASE
from backend.core.config import Settings
from backend.core.features import AppObject, Feature
from backend.jobs.embedded import run_in_process
from backend.jobs.queue import JOB_QUEUE, InProcessQueue, JobQueue, PgQueuerQueue
from backend.jobs.registry import background_loops, job_kinds


def _job_queue(settings: Settings) -> JobQueue:
    return (
        InProcessQueue()
        if settings.runs_worker_in_process
        else PgQueuerQueue(settings.database_url)
    )


async def _run_jobs_in_process(app: Litestar) -> None:
    queue = JOB_QUEUE.get(app)
    if isinstance(queue, InProcessQueue):  # always, in embedded mode (``_job_queue``)
        await run_in_process(DATABASE.get(app), queue, job_kinds(), background_loops())


FEATURE = Feature(
    name="jobs",
    state=[AppObject(JOB_QUEUE, _job_queue)],
    embedded_workers=[_run_jobs_in_process],
)
