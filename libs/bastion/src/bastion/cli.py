"""The ``bastion`` command: run the dev stack, serve one service, migrate, create topics, contracts,
handle dead letters, look after the outbox."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Mapping, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING

from bastion.auth import commands as api_key_commands
from bastion.consumer import commands as dead_letter_commands
from bastion.errors import ConfigurationError
from bastion.outbox import commands as outbox_commands

if TYPE_CHECKING:
    from bastion.runtime import ServiceRuntime
    from bastion.service import ServiceSpec


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from bastion.http import create_app
    from bastion.logging import configure_logging
    from bastion.memory import settle_garbage_collector
    from bastion.service import discover_services

    spec = _service(args.service, discover_services())
    # --host and --port become the settings', so that what the service says of its address is where it listens.
    listening = {"http_host": args.host, "http_port": args.port}
    settings = spec.load_settings(**{name: value for name, value in listening.items() if value is not None})
    configure_logging(spec.name, settings.log_level)
    app = create_app(spec, settings)
    settle_garbage_collector()
    # uvicorn stops gracefully on SIGTERM, then raises the signal again so the process ends "killed by
    # SIGTERM" (-15, 143 in a container): an orchestrator cannot tell that from a crash. As SIGINT's
    # KeyboardInterrupt, which uvicorn.run swallows, the re-raised SIGTERM ends here and we say how it went.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.port,
        log_config=None,
        timeout_graceful_shutdown=10,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
    runtime: ServiceRuntime = app.state.runtime
    return 0 if runtime.stopped_cleanly is not False else 1


def _migrate(args: argparse.Namespace) -> int:
    from bastion.db.migrations import upgrade_to_head
    from bastion.service import discover_services

    services = discover_services()
    names = args.services or list(services)
    for name in names:
        spec = _service(name, services)
        url = spec.load_settings().require_database_url()
        asyncio.run(upgrade_to_head(spec.migrations, url))
        print(f"{name}: migrated to head")
    return 0


def _topics(_args: argparse.Namespace) -> int:
    from bastion.consumer.dead_letters import DEAD_LETTERS
    from bastion.kafka.topics import ensure_topics
    from bastion.service import discover_services

    services = discover_services()
    topics = {t.name: t for s in services.values() for t in (*s.produces, *(t for c in s.consumers for t in c.topics))}
    topics[DEAD_LETTERS.name] = DEAD_LETTERS
    settings = next(iter(services.values())).load_settings()
    created = asyncio.run(
        ensure_topics(
            settings,
            topics.values(),
            prefix=settings.kafka_topic_prefix,
            replication_factor=settings.kafka_replication_factor,
        )
    )
    print(f"topics: {len(topics)} declared, {len(created)} created")
    return 0


def _contracts(args: argparse.Namespace) -> int:
    from bastion.events.contracts import check_contracts, write_contracts
    from bastion_contracts.published import published_contracts

    root = Path(args.directory)
    contracts = published_contracts()
    if args.action == "write":
        problems = write_contracts(contracts, root)
        advice = "nothing written: a published schema may only change additively"
    else:
        problems = check_contracts(contracts, root, Path(args.published) if args.published else None)
        advice = "stale files: run `make contracts` and commit the result; breaking changes: add a new major version"
    for problem in problems:
        print(problem)
    if problems:
        print(advice, file=sys.stderr)
        return 1
    if args.action == "write":
        print(f"{len(list(contracts.registry))} event schemas and the AsyncAPI document written to {root}/")
    return 0


def _access_table(_args: argparse.Namespace) -> int:
    from bastion.http.access_table import markdown, routes_of
    from bastion.service import discover_services

    routes = [route for spec in discover_services().values() for route in routes_of(spec)]
    print(markdown(routes), end="")
    problems = [f"{r.service}: {r.problem}" for r in routes if r.problem]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def _dev(args: argparse.Namespace) -> int:
    from bastion.devstack.supervisor import DevConfig, run_dev

    return run_dev(DevConfig.from_environment(Path(args.data), load_demo=args.demo))


def _service(name: str, services: Mapping[str, ServiceSpec]) -> ServiceSpec:
    if name not in services:
        raise SystemExit(f"unknown service {name!r}; known: {', '.join(services)}")
    return services[name]


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="bastion", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    dev = commands.add_parser("dev", help="start the whole system on the embedded stack (make run)")
    dev.add_argument("--data", default=".bastion", help="folder for local data and logs (default .bastion)")
    demo = dev.add_mutually_exclusive_group()
    demo.add_argument("--demo", dest="demo", action="store_true", default=None, help="load the demo organisation")
    demo.add_argument("--no-demo", dest="demo", action="store_false", help="do not load the demo organisation")
    dev.set_defaults(run=_dev)

    serve = commands.add_parser("serve", help="run one service (settings from the environment)")
    serve.add_argument("service")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(run=_serve)

    migrate = commands.add_parser("migrate", help="apply database migrations (all services by default)")
    migrate.add_argument("services", nargs="*")
    migrate.set_defaults(run=_migrate)

    topics = commands.add_parser("topics", help="create every declared topic that is missing")
    topics.set_defaults(run=_topics)

    contracts = commands.add_parser(
        "contracts", help="write or check the committed event schemas and AsyncAPI document (contracts/)"
    )
    contracts.add_argument("action", choices=["write", "check"])
    contracts.add_argument("--directory", default="contracts", help="the contract's folder (default contracts)")
    contracts.add_argument(
        "--published",
        help="check for breaking changes against the event schemas in this folder (e.g. the main branch's "
        "contracts/events) instead of the committed ones",
    )
    contracts.set_defaults(run=_contracts)
    access = commands.add_parser("access-table", help="print who may call each route (Markdown, docs/access.md)")
    access.set_defaults(run=_access_table)
    dead_letter_commands.register(commands)
    api_key_commands.register(commands)
    outbox_commands.register(commands)
    for entry in entry_points(group="bastion.commands"):
        entry.load()(commands)  # a service's own commands, e.g. scoring's `rebuild`
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except ConfigurationError as exc:
        print(f"bastion: {exc.message}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
