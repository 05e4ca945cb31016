"""``bastion users`` (accounts, for IT) and ``bastion keys rotate`` (the token-signing key), on roster's
database (``ROSTER_DATABASE_URL`` or ``DATABASE_URL``).

``users import`` reads employee numbers from a CSV or an XLSX as HR exports them (the column headed
工号 / employee_number, or the first column) and writes each new account's initial password to a CSV for
distribution; they must be changed at the first sign-in.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bastion.clock import utc_now
from bastion.db import create_engine
from bastion.db.engine import create_session_factory
from bastion.errors import DomainError
from roster.service_layer import accounts
from roster.service_layer.unit_of_work import RosterUnitOfWork
from roster.settings import RosterSettings

T = TypeVar("T")
_NUMBER_HEADERS = ("工号", "员工号", "employee_number", "employee number")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    users = commands.add_parser("users", help="people's accounts: create, import, reset-password, disable, list")
    actions = users.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="an account for a roster member, or IT's administrator")
    who = create.add_mutually_exclusive_group(required=True)
    who.add_argument("--employee-number", help="the roster member's employee number (工号)")
    who.add_argument("--administrator", action="store_true", help="IT's system administrator (no roster member)")
    create.add_argument("--username", help="default: the employee number")
    create.add_argument("--name", help="the administrator's name")
    create.add_argument("--provider-only", action="store_true", help="no password: the identity provider only")
    imported = actions.add_parser("import", help="accounts for every employee number in a CSV or XLSX")
    imported.add_argument("file", type=Path)
    imported.add_argument(
        "--passwords", type=Path, required=True, help="CSV to write the initial passwords to (keep it safe)"
    )
    reset = actions.add_parser("reset-password", help="a temporary password; the lock is lifted")
    reset.add_argument("username")
    for name, text in (("disable", "no more sign-ins; sessions end now"), ("enable", "allow sign-ins again")):
        actions.add_parser(name, help=text).add_argument("username")
    link = actions.add_parser("link", help="tie an account to the identity provider's subject (sub)")
    link.add_argument("username")
    link.add_argument("subject", nargs="?", help="omit to untie")
    actions.add_parser("list", help="every account")
    users.set_defaults(run=_users)

    keys = commands.add_parser("keys", help="the key Bastion signs sign-in tokens with")
    keys.add_subparsers(dest="action", required=True).add_parser(
        "rotate", help="sign with a new key from now on (the old one stays published until its tokens expire)"
    )
    keys.set_defaults(run=_keys)


def _with_uow(work: Callable[[RosterUnitOfWork], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = create_engine(RosterSettings().require_database_url(), pool_size=2, application_name="bastion-users")
        try:
            return await work(RosterUnitOfWork(create_session_factory(engine)))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _users(args: argparse.Namespace) -> int:
    try:
        return _USER_ACTIONS[args.action](args)
    except DomainError as exc:
        print(f"bastion users: {exc.message}", file=sys.stderr)
        return 1
    except (OSError, SQLAlchemyError) as exc:
        print(f"bastion users: cannot reach roster's database: {exc}", file=sys.stderr)
        return 2


def _create(args: argparse.Namespace) -> int:
    created = _with_uow(
        lambda uow: accounts.create_account(
            uow,
            now=utc_now(),
            employee_number=args.employee_number,
            username=args.username,
            display_name=args.name,
            provider_only=args.provider_only,
        )
    )
    print(f"账号 {created.account.username}（{created.account.display_name}）已创建")
    if created.password:
        print(f"初始密码（仅显示这一次，首次登录须修改）：{created.password}")
    return 0


def _import(args: argparse.Namespace) -> int:
    numbers = employee_numbers(args.file)
    results = _with_uow(lambda uow: accounts.import_accounts(uow, numbers, now=utc_now()))
    made = [r for r in results if r.created is not None]
    args.passwords.parent.mkdir(parents=True, exist_ok=True)
    with args.passwords.open("w", newline="", encoding="utf-8-sig") as out:
        args.passwords.chmod(0o600)
        writer = csv.writer(out)
        writer.writerow(["工号", "姓名", "用户名", "初始密码"])
        for result in made:
            assert result.created is not None  # noqa: S101 - filtered above
            account = result.created.account
            writer.writerow([result.employee_number, account.display_name, account.username, result.created.password])
    for result in results:
        if result.problem:
            print(f"{result.employee_number}: {result.problem}", file=sys.stderr)
    print(f"{len(made)} 个账号已创建，{len(results) - len(made)} 行未创建；初始密码见 {args.passwords}")
    return 0 if len(made) == len(results) else 1


def employee_numbers(path: Path) -> list[str]:
    """The employee numbers in an HR export: the column headed 工号 (or employee_number), else the first."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        rows = (
            [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
            if sheet
            else []
        )
    else:
        with path.open(newline="", encoding="utf-8-sig") as source:
            rows = list(csv.reader(source))
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((header.index(h) for h in _NUMBER_HEADERS if h in header), None)
    body = rows[1:] if column is not None else rows
    return [row[column or 0].strip() for row in body if len(row) > (column or 0) and row[column or 0].strip()]


def _reset(args: argparse.Namespace) -> int:
    password = _with_uow(lambda uow: accounts.reset_password(uow, args.username, now=utc_now()))
    print(f"{args.username} 的临时密码（仅显示这一次，下次登录须修改）：{password}")
    return 0


def _disable(args: argparse.Namespace) -> int:
    account = _with_uow(
        lambda uow: accounts.set_disabled(uow, args.username, disabled=args.action == "disable", now=utc_now())
    )
    print(f"{account.username}: {'已停用' if account.disabled_at else '已启用'}")
    return 0


def _link(args: argparse.Namespace) -> int:
    account = _with_uow(lambda uow: accounts.link_subject(uow, args.username, args.subject))
    print(f"{account.username}: {'绑定统一身份 ' + account.oidc_subject if account.oidc_subject else '已解除绑定'}")
    return 0


def _list(_args: argparse.Namespace) -> int:
    found = _with_uow(accounts.listed)
    now = utc_now()
    for account in found:
        state = "停用" if account.disabled_at else ("锁定" if account.locked(now) else "正常")
        kind = "系统管理员" if account.is_administrator else "党员"
        print(f"{account.username:<20} {account.display_name:<10} {kind:<6} {state}")
    if not found:
        print("还没有账号")
    return 0


_USER_ACTIONS: dict[str, Callable[[argparse.Namespace], int]] = {
    "create": _create,
    "import": _import,
    "reset-password": _reset,
    "disable": _disable,
    "enable": _disable,
    "link": _link,
    "list": _list,
}


def _keys(_args: argparse.Namespace) -> int:
    async def rotate(uow: RosterUnitOfWork) -> str:
        async with uow:
            key = await uow.signing_keys.rotate(utc_now())
            await uow.commit()
        return key.kid

    print(f"signing with key {_with_uow(rotate)} from now on")
    return 0
