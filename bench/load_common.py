"""Shared pieces of the load benchmarks: a fresh PostgreSQL database filled fast with SQL, server
processes, and a small raw HTTP/1.1 client (Python HTTP clients would be the bottleneck)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg

REPO = Path(__file__).resolve().parents[1]
ADMIN_DSN = os.environ.get("KYOSO_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
SECRET = "bench-secret-key-shared-by-every-api-process"


def dsn_for(name: str) -> str:
    return ADMIN_DSN.rsplit("/", 1)[0] + "/" + name


async def recreate_database(name: str) -> str:
    connection = await asyncpg.connect(ADMIN_DSN)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return dsn_for(name)


def server_env(dsn: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "KYOSO_DATABASE_URL": dsn,
        "KYOSO_SECRET_KEY": SECRET,
        "KYOSO_DATA_DIR": str(REPO / "var" / "bench"),
        "KYOSO_WORKER_MODE": "queue",
        "KYOSO_RATE_LIMITS": "off",
        "HF_HUB_OFFLINE": "1",
        **extra,
    }


SERVERS = ("uvicorn", "granian")


def server_command(
    target: str,
    port: int,
    workers: int,
    server: str = "uvicorn",
    factory: bool = True,
    app_dir: str | None = None,
) -> list[str]:
    """The API under a production ASGI server: uvicorn (httptools + uvloop) or granian."""
    if server == "granian":
        command = [
            str(Path(sys.executable).with_name("granian")),
            "--interface",
            "asgi",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--loop",
            "uvloop",
            "--no-access-log",
            "--log-level",
            "warning",
            "--respawn-failed-workers",
            "--workers-kill-timeout",
            "10",
        ]  # as `kyoso serve`
        command += ["--factory"] if factory else []
        command += ["--working-dir", app_dir] if app_dir else []
        return [*command, target]
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        target,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
        "--loop",
        "uvloop",
        "--http",
        "httptools",
    ]
    command += ["--factory"] if factory else []
    command += ["--app-dir", app_dir] if app_dir else []
    return command


def migrate(dsn: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "backend", "migrate"],
        cwd=REPO,
        check=True,
        env=server_env(dsn),
        capture_output=True,
    )


async def fill(
    dsn: str, *, residents: int, proposals: int, votes: int, sessions: bool = True
) -> dict[str, Any]:
    """A process in the voting phase with ``proposals`` proposals, ``residents`` residents (each
    with a session token when ``sessions``) and ``votes`` random distinct votes, by SQL."""
    from argon2 import PasswordHasher

    password_hash = PasswordHasher().hash("bench-password")
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(
            "INSERT INTO districts (code, name_ja, name_en, position) VALUES "
            "('chuo','中央','Chuo',0), ('kita','北部','Kita',1)"
        )
        process_id = await connection.fetchval(
            "INSERT INTO processes (slug, title_ja, title_en, description_ja, description_en, "
            "phase, created_at) VALUES ('bench','負荷試験','Bench','','', 'voting', now()) "
            "RETURNING id"
        )
        await connection.execute(
            "INSERT INTO process_phases (process_id, phase, position) SELECT $1, p, i FROM "
            "unnest(ARRAY['ideas','voting','themes','draft','feedback','closed']) "
            "WITH ORDINALITY AS t(p, i)",
            process_id,
        )
        await connection.execute(
            # residents who confirmed their e-mail address, as a process may require to vote
            "INSERT INTO users (email, display_name, password_hash, role, district_code, "
            "age_band, language, is_active, email_confirmed_at, created_at) SELECT "
            "'r' || g || '@bench.example', '住民' || g, $1, 'resident', 'chuo', '30s', 'ja', "
            "true, now(), now() "
            "FROM generate_series(1, $2) g",
            password_hash,
            residents,
        )
        await connection.execute(
            "INSERT INTO proposals (process_id, author_id, title, body, district_code, language, "
            "channel, status, content_hash, search_text, agree_count, disagree_count, pass_count,"
            " comment_count, created_at, updated_at) SELECT $1, 1 + (g % $3), "
            "'提案 ' || g || ' 路線バスの本数', '朝夕の路線バスが少なく困っています。番号 ' || g, "
            "'chuo', 'ja', 'online', 'published', md5(g::text), "
            # the shape of search_document(): the text, then its words in dictionary form
            "'提案 ' || g || ' 路線バスの本数' || chr(10) || '朝夕の路線バスが少なく困っています。"
            "番号 ' || g || chr(10) || '提案 路線 バス 本数 朝夕 少ない 困る', 0, 0, 0, 0, "
            "now() - (g || ' seconds')::interval, now() FROM generate_series(1, $2) g",
            process_id,
            proposals,
            residents,
        )
        if votes:
            # distinct (user, proposal) pairs: walk users × proposals with a stride
            await connection.execute(
                "INSERT INTO votes (proposal_id, user_id, value, created_at, updated_at) "
                "SELECT DISTINCT ON (p, u) p, u, v, now(), now() FROM ("
                "  SELECT 1 + (g % $2) AS p, 1 + (((g / $2) + g * 31) % $3) AS u, "
                "  (g % 3) - 1 AS v FROM generate_series(0, $1 - 1) g) s",
                votes,
                proposals,
                residents,
            )
            await connection.execute(
                "UPDATE proposals p SET agree_count = t.a, disagree_count = t.d, "
                "pass_count = t.s FROM (SELECT proposal_id, "
                "count(*) FILTER (WHERE value = 1) a, count(*) FILTER (WHERE value = -1) d, "
                "count(*) FILTER (WHERE value = 0) s FROM votes GROUP BY proposal_id) t "
                "WHERE p.id = t.proposal_id"
            )
        tokens: list[str] = []
        if sessions:
            tokens = [secrets.token_urlsafe(32) for _ in range(residents)]
            await connection.executemany(
                "INSERT INTO user_sessions (token_hash, user_id, expires_at, created_at) "
                "VALUES ($1, $2, now() + interval '1 day', now())",
                [(hashlib.sha256(t.encode()).hexdigest(), i + 1) for i, t in enumerate(tokens)],
            )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return {"process_id": process_id, "tokens": tokens}


@contextmanager
def servers(commands: list[list[str]], env: dict[str, str], ready_urls: list[str]) -> Any:
    # KYOSO_BENCH_LOG=path keeps the servers' output (errors behind unexpected answers)
    log_path = os.environ.get("KYOSO_BENCH_LOG")
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    processes = [subprocess.Popen(c, cwd=REPO, env=env, stdout=log, stderr=log) for c in commands]
    try:
        import urllib.request

        deadline = time.monotonic() + 60
        for url in ready_urls:
            while True:
                try:
                    urllib.request.urlopen(url, timeout=1)
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


class RawClient:
    """One keep-alive HTTP/1.1 connection; returns (status, body, seconds)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, bytes]:
        if self.writer is None:
            await self._connect()
        assert self.reader is not None and self.writer is not None
        head = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"Content-Length: {len(body)}",
        ]
        head += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        try:
            raw_head = await self.reader.readuntil(b"\r\n\r\n")  # one await per response
            lines = raw_head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            length, close = 0, False
            for line in lines[1:]:
                name, _, value = line.partition(":")
                name = name.lower()
                if name == "content-length":
                    length = int(value)
                elif name == "connection" and "close" in value.lower():
                    close = True
            payload = await self.reader.readexactly(length) if length else b""
        except Exception:
            await self.close()
            raise
        if close:
            await self.close()
        return status, payload

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            self.reader = None


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]
