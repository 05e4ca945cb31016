"""``bastion api-keys``: create, list and revoke machine clients' API keys.

A key is stored (hashed) in every service's database, so a client uses one key with every service and a
revocation reaches them all. The key itself is printed once, at creation; Bastion cannot show it again.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from sqlalchemy.exc import SQLAlchemyError

from bastion.auth import api_keys
from bastion.auth.principal import Role
from bastion.db import create_engine


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("api-keys", help="create, list or revoke machine clients' API keys")
    actions = parser.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="a new key for a client system (printed once)")
    create.add_argument("--name", required=True, help="the client system, e.g. 'oa-sync'")
    actions.add_parser("list", help="every key: id, client, role, created, revoked")
    revoke = actions.add_parser("revoke", help="revoke a key in every service at once")
    revoke.add_argument("key_id", help="the key's id (the part after bsk_)")
    parser.set_defaults(run=_command)


def _command(args: argparse.Namespace) -> int:
    from bastion.service import discover_services

    urls = {name: spec.load_settings().require_database_url() for name, spec in discover_services().items()}
    try:
        return asyncio.run(_run(args, urls))
    except (OSError, SQLAlchemyError) as exc:
        print(f"bastion: cannot reach a service's database: {exc}", file=sys.stderr)
        return 2


async def _run(args: argparse.Namespace, urls: dict[str, str]) -> int:
    engines = {name: create_engine(url, pool_size=1) for name, url in urls.items()}
    try:
        if args.action == "create":
            key_id, key = api_keys.new_key()
            for engine in engines.values():  # every service, or (on a failure) the key is not printed
                async with engine.begin() as connection:
                    await api_keys.store(connection, key_id, key, args.name, Role.SERVICE)
            print(f"API key for {args.name} (id {key_id}); shown only now, keep it secret:\n{key}")
            print("Send it as the X-API-Key header. Revoke with: bastion api-keys revoke " + key_id)
        elif args.action == "list":
            async with next(iter(engines.values())).connect() as connection:
                found = await api_keys.listed(connection)
            for issued in found:
                revoked = f"revoked {issued.revoked_at:%Y-%m-%d %H:%M}" if issued.revoked_at else "active"
                created = f"{issued.created_at:%Y-%m-%d %H:%M}" if issued.created_at else "-"
                print(f"{issued.key_id}  {issued.name:<24} {issued.role.value:<8} created {created}  {revoked}")
            if not found:
                print("no API keys")
        else:
            revoked_in: list[str] = []
            for name, engine in engines.items():
                async with engine.begin() as connection:
                    if await api_keys.revoke(connection, args.key_id):
                        revoked_in.append(name)
            if not revoked_in:
                print(f"bastion: no active API key {args.key_id}", file=sys.stderr)
                return 1
            print(f"API key {args.key_id} revoked in {', '.join(revoked_in)}")
    finally:
        for engine in engines.values():
            await engine.dispose()
    return 0
