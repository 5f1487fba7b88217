"""Every kind of background job and every background loop the features declare in their
manifests (``Feature.job_kinds``, ``Feature.background_loops``): what ``kyoso worker`` and the
in-process runner run. ``backend/jobs/`` itself knows none of them by name.

E-mail is not a job kind: the outbox (``mail/sender.py``) is a loop that claims due rows with a
lease and retries each mail with its own back-off (30 s doubling to 2 h), a schedule the
claim-once job contract does not have; it runs wherever jobs run.
"""

from __future__ import annotations

from backend.core.features import all_features
from backend.core.jobs import BackgroundLoop, JobKinds, job_registry


def job_kinds() -> JobKinds:
    return job_registry(kind for feature in all_features() for kind in feature.job_kinds)


def background_loops() -> tuple[BackgroundLoop, ...]:
    return tuple(loop for feature in all_features() for loop in feature.background_loops)
