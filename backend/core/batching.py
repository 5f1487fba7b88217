"""One query for many requests: calls that arrive while a batch is in flight are answered
together by the next one.

Under load every signed-in request looks up its session, every vote counts against a rate limit
and is written; done one statement (or transaction) per request, that was most of PostgreSQL's
work and a large share of the API's. ``Batched`` turns each into one round trip per batch (the
vote writer, ``votes/writer.py``, is built on it too). At low load a batch is the single call
and waits for nothing; there is no timer. Results are never cached.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Batched(Generic[Item, Result]):
    """``await batched(item)``: ``resolve(items)`` answers a whole batch, one outcome per item
    in order: its result, or an exception that this call raises; if ``resolve`` itself raises,
    every call in the batch raises that error."""

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
        try:
            results = await self._resolve([item for item, _ in batch])
        except Exception as error:  # every waiting call must get an answer
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
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
