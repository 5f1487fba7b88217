"""Password hashing (argon2id, via argon2-cffi) and opaque session tokens.

A hash or a verification takes tens of milliseconds of CPU by design; run in the async handler
it stopped the event loop for every other request of the process (20 sign-ins raised /health's
p50 from 2.7 ms to 233 ms, issue 18). The request path therefore uses ``hash_password_off_loop``
and ``verify_password_off_loop``: worker threads (argon2-cffi releases the GIL while hashing),
at most ``KYOSO_PASSWORD_HASH_THREADS`` at once per process, so a wave of sign-ins queues for
those threads instead of taking every core.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import weakref

from anyio import CapacityLimiter, to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# the sign-in session's cookie: set by users/, read by core/csrf.py and core/read_cache.py too
SESSION_COOKIE = "kyoso_session"

_hasher = PasswordHasher()
# A real hash to verify against when the account does not exist, so that timing does not
# reveal which e-mail addresses are registered.
_DUMMY_HASH = _hasher.hash("kyoso-timing-equaliser")

_hash_threads = 2
# one limiter per event loop (a limiter belongs to the loop that first waits on it)
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def set_password_hash_threads(threads: int) -> None:
    """How many hashes one API process computes at once (``create_app`` passes the setting)."""
    global _hash_threads
    _hash_threads = max(1, threads)
    _limiters.clear()


def _limiter() -> CapacityLimiter:
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = CapacityLimiter(_hash_threads)
    return limiter


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def hash_password_off_loop(password: str) -> str:
    """``hash_password`` in a worker thread, the event loop serving other requests meanwhile."""
    return await to_thread.run_sync(hash_password, password, limiter=_limiter())


async def verify_password_off_loop(password_hash: str | None, password: str) -> bool:
    """``verify_password`` in a worker thread, the event loop serving other requests meanwhile."""
    return await to_thread.run_sync(verify_password, password_hash, password, limiter=_limiter())


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
