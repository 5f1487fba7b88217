"""Every kind of background job, keyed by name, and the loops that run beside them: the one
place a kind registers its handler. ``kyoso worker`` (PostgreSQL) and the in-process runner
(SQLite) run exactly these; ``backend/jobs/`` knows none of them by name.

E-mail is not a job kind: the outbox (``mail/sender.py``) is a loop that claims due rows with a
lease and retries each mail with its own back-off (30 s doubling to 2 h), a schedule the
claim-once job contract does not have; it runs wherever jobs run.
"""

from __future__ import annotations

from backend.analysis.runner import ANALYSIS
from backend.analysis.similar_index import SIMILAR_INDEX
from backend.exports.services import EXPORT
from backend.jobs.kinds import BackgroundLoop, JobKinds, job_registry
from backend.mail.sender import run_mail_sender

JOB_KINDS: JobKinds = job_registry([ANALYSIS, SIMILAR_INDEX, EXPORT])
BACKGROUND_LOOPS: tuple[BackgroundLoop, ...] = (run_mail_sender,)
