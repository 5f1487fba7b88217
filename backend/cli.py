"""The ``kyoso`` command: serve, migrate, seed, create-user, worker, site, openapi."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys

from backend.core.config import Settings, load_settings
from backend.site.cli import add_site_commands, run_site_command


def _migrate(settings: Settings) -> None:
    from backend.core.migrate import upgrade
    from backend.jobs.queue import install_queue_schema

    upgrade(settings.database_url)
    if not settings.is_sqlite:
        asyncio.run(install_queue_schema(settings.database_url))
    print(f"Database is up to date: {_safe_url(settings.database_url)}")


def _safe_url(url: str) -> str:
    """The URL without its password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return url


def _seed(settings: Settings) -> None:
    from backend.core.database import Database
    from backend.seed import load_seed

    async def run() -> None:
        database = Database(settings)
        try:
            report = await load_seed(database, settings.seed_dir)
        finally:
            await database.dispose()
        print(
            f"Seeded: {'site settings, ' if report.site else ''}{report.pages} site pages, "
            f"{report.districts} districts, {report.users} users, "
            f"{report.processes} processes, {report.proposals} proposals, "
            f"{report.comments} comments, {report.votes} votes (existing rows were kept)."
        )
        print("Demo accounts (demo data only; change or remove them in production):")
        for account in report.demo_accounts:
            print(f"  {account['role']:<9} {account['email']:<26} password: {account['password']}")

    asyncio.run(run())


def _create_user(settings: Settings, args: argparse.Namespace) -> None:
    import msgspec

    from backend.core.database import Database
    from backend.core.errors import DomainError
    from backend.users.schemas import UserCreate
    from backend.users.services import create_user

    password = args.password or getpass.getpass("Password (10+ characters): ")
    try:
        data = msgspec.convert(
            {
                "email": args.email,
                "password": password,
                "display_name": args.name,
                "role": args.role,
                "district_code": args.district,
            },
            UserCreate,
        )
    except msgspec.ValidationError as exc:
        sys.exit(f"Not created: {exc}")

    async def run() -> None:
        database = Database(settings)
        try:
            async with database.session(write=True) as session:
                user = await create_user(session, data, role=data.role)
            print(f"Created {user.role} {user.email} (id {user.id}).")
        except DomainError as exc:
            sys.exit(f"Not created: {exc.detail}")
        finally:
            await database.dispose()

    asyncio.run(run())


WORKERS_KILL_TIMEOUT_SECONDS = 10


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    """Granian (Rust HTTP layer; on the 2-core vote-surge benchmark it served 30 % more votes
    per second than uvicorn with httptools): each process builds its own app from the same
    KYOSO_* environment (``backend.app:create_served_app``)."""
    from granian import Granian
    from granian.constants import Interfaces, Loops

    host, port = args.host or settings.host, args.port or settings.port
    from backend.core.metrics_files import use_shared_metrics

    use_shared_metrics(settings, fresh=True)  # before any server process counts
    if args.forwarded_allow_ips:  # read by every server process's app factory
        os.environ["KYOSO_FORWARDED_ALLOW_IPS"] = args.forwarded_allow_ips
    print(f"Kyoso is running at http://{host}:{port}/  (API docs: http://{host}:{port}/api/docs)")
    Granian(
        "backend.app:create_served_app",
        factory=True,
        interface=Interfaces.ASGI,
        address=host,
        port=port,
        workers=args.workers or settings.workers,
        # a worker that dies (killed, out of memory) is started again; without this granian
        # shuts the whole server down when one worker exits
        respawn_failed_workers=True,
        # a worker asked to stop while it is still starting never answers; without a limit
        # granian's shutdown waited for it forever
        workers_kill_timeout=WORKERS_KILL_TIMEOUT_SECONDS,
        loop=Loops.uvloop,
        log_access=not args.no_access_log,
    ).serve()


def _worker(settings: Settings) -> None:
    import logging

    from backend.core.metrics_files import use_shared_metrics

    use_shared_metrics(settings, fresh=False)  # before the job modules create their metrics
    from backend.core.structured_logs import configure_logging
    from backend.jobs.registry import background_loops, job_kinds
    from backend.jobs.worker import run_worker

    configure_logging(settings.log_format, logging.INFO)
    asyncio.run(run_worker(settings, job_kinds(), background_loops()))


def _export_process(settings: Settings, args: argparse.Namespace) -> None:
    from backend.backup.export import export_process
    from backend.core.database import Database
    from backend.core.errors import DomainError

    async def run() -> None:
        database = Database(settings)
        try:
            if args.output:
                with open(args.output, "wb") as out:
                    counts = await export_process(database, args.slug, out)
            else:
                counts = await export_process(database, args.slug, sys.stdout.buffer)
        except DomainError as exc:
            sys.exit(f"Not exported: {exc.detail}")
        finally:
            await database.dispose()
        print(f"Exported {args.slug}: {counts}", file=sys.stderr)

    asyncio.run(run())


def _import_process(settings: Settings, args: argparse.Namespace) -> None:
    from backend.backup.format import BackupError
    from backend.backup.importer import import_process
    from backend.core.database import Database

    async def run() -> None:
        database = Database(settings)
        try:
            with open(args.file, "rb") as stream:
                report = await import_process(database, stream)
        except BackupError as exc:
            sys.exit(f"Not imported (nothing was written): {exc}")
        finally:
            await database.dispose()
        print(f"Imported: {dict(report)}")

    asyncio.run(run())


def openapi_document() -> str:
    """The API's OpenAPI schema as sorted, indented JSON. Built from the default settings, never
    the environment (``KYOSO_METRICS_TOKEN`` adds a route, for one), so that the same code
    always writes the same file: ``frontend/openapi.json``, which the SPA's types come from."""
    import json
    import tempfile
    from pathlib import Path

    from backend.app import create_app

    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            data_dir=Path(data_dir),
            database_url=f"sqlite+aiosqlite:///{data_dir}/openapi.db",  # never opened
            secret_key="openapi-schema-only-never-serves",
        )
        schema = create_app(settings).openapi_schema.to_schema()
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _openapi(args: argparse.Namespace) -> None:
    document = openapi_document()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(document)
    else:
        sys.stdout.write(document)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kyoso", description="Kyoso (共創) platform")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the web server")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--workers",
        type=int,
        help="server processes (production: about one per CPU core; default KYOSO_WORKERS)",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        help="addresses of the reverse proxy whose X-Forwarded-For is trusted "
        "(default KYOSO_FORWARDED_ALLOW_IPS)",
    )
    serve.add_argument("--no-access-log", action="store_true")
    commands.add_parser("migrate", help="apply database migrations")
    commands.add_parser(
        "worker",
        help="take jobs (analyses, exports, …) from PostgreSQL and send e-mail (production)",
    )
    export = commands.add_parser(
        "export-process", help="write a whole process as JSON Lines (stdout, or --output)"
    )
    export.add_argument("slug")
    export.add_argument("--output", "-o")
    restore = commands.add_parser("import-process", help="import a process export file")
    restore.add_argument("file")
    commands.add_parser("seed", help="load the demo city from seed_data/ (idempotent)")
    user = commands.add_parser("create-user", help="create an account with any role")
    user.add_argument("email")
    user.add_argument("--name", required=True)
    user.add_argument(
        "--role", default="resident", choices=["resident", "planner", "council", "admin"]
    )
    user.add_argument("--district")
    user.add_argument("--password", help="omit to be asked (keeps it out of shell history)")
    add_site_commands(commands)
    openapi = commands.add_parser(
        "openapi", help="write the API's OpenAPI schema as JSON (stdout, or --output)"
    )
    openapi.add_argument("--output", "-o")
    args = parser.parse_args(argv)
    if args.command == "openapi":  # needs no settings: the schema is the code's, not the site's
        _openapi(args)
        return

    settings = load_settings()
    if args.command == "migrate":
        _migrate(settings)
    elif args.command == "seed":
        _seed(settings)
    elif args.command == "create-user":
        _create_user(settings, args)
    elif args.command == "serve":
        _serve(settings, args)
    elif args.command == "worker":
        _worker(settings)
    elif args.command == "export-process":
        _export_process(settings, args)
    elif args.command == "import-process":
        _import_process(settings, args)
    elif args.command == "site":
        run_site_command(settings, args)


if __name__ == "__main__":
    main()
