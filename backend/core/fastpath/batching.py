"""One query for many requests: calls that arrive while a batch is in flight are answered
together by the next one.

Under load every signed-in request looks up its session, every vote counts against a rate limit
and is written; done one statement (or transaction) per request, that was most of PostgreSQL's
work and a large share of the API's. ``Batched`` turns each into one round trip per batch (the
vote writer, ``votes/writer.py``, is built on it too). At low load a batch is the single call
and waits for nothing; there is no timer. Results are never cached.

A batch that fails is split (``resolve_each``), so one request's bad item (a value a column
cannot hold, a row that went away) fails that request alone: a 250-character e-mail in one
sign-in once failed every vote counted in the same rate-limit batch (208 of 2,400 votes, issue
18). An outage fails the whole batch at once: splitting would only repeat it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from backend.core.errors import is_outage

Item = TypeVar("Item")
Result = TypeVar("Result")


async def resolve_each(
    resolve: Callable[[Sequence[Item]], Awaitable[Sequence[Result | Exception]]],
    items: Sequence[Item],
) -> list[Result | Exception]:
    """``resolve(items)``; where it raises, each half again, down to the item at fault, which
    alone gets the error. A batch with one bad item costs about 2·log2(n) more calls."""
    try:
        return list(await resolve(items))
    except Exception as error:
        if len(items) == 1 or is_outage(error):
            return [error] * len(items)
    middle = len(items) // 2
    return [
        *await resolve_each(resolve, items[:middle]),
        *await resolve_each(resolve, items[middle:]),
    ]


class Batched(Generic[Item, Result]):
    """``await batched(item)``: ``resolve(items)`` answers a whole batch, one outcome per item
    in order: its result, or an exception that this call raises; if ``resolve`` itself raises,
    the batch is split (``resolve_each``) until only the items at fault get the error."""

    def __init__(
        self,
        resolve: Callable[[Sequence[Item]], Awaitable[Sequence[Result | Exception]]],
        name: str,
        max_batch: int = 1000,
    ) -> None:
        self._resolve = resolve
        self._name = name
        self._max_batch = max_batch
        self._waiting: deque[tuple[Item, asyncio.Future[Result]]] = deque()
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.batches = 0  # with items: the mean batch size under load
        self.items = 0

    async def __call__(self, item: Item) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name=self._name)
        self._wakeup.set()
        return await future

    async def _run(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            await asyncio.sleep(0)  # let requests already read off the sockets join this batch
            while self._waiting:
                count = min(len(self._waiting), self._max_batch)
                await self._answer([self._waiting.popleft() for _ in range(count)])

    async def _answer(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        results = await resolve_each(self._resolve, [item for item, _ in batch])
        self.batches += 1
        self.items += len(batch)
        for (_, future), outcome in zip(batch, results, strict=True):
            if future.done():  # a request that went away is simply not answered
                continue
            if isinstance(outcome, Exception):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
