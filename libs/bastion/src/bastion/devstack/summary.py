"""What ``bastion dev`` prints once everything runs: where each thing is, and how to reach it."""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from bastion.devstack.reach import public_pages_lines

if TYPE_CHECKING:
    from bastion.devstack.supervisor import DevStack


def running_summary(stack: DevStack) -> str:
    lines = ["", "Bastion is running:", ""]
    for name, service in stack.services.items():
        url = service.url
        lines.append(f"  {name:<9} {url}/docs   (health {url}/readyz, metrics {url}/metrics)")
    lines.append("")
    if stack.postgres is not None:
        server = stack.postgres.url.rsplit("/", 1)[0]
        where = f"data in {stack.postgres.data_dir}"
        if stack.postgres.data_dir != stack.postgres.requested_data_dir:
            where += f", linked from {stack.postgres.requested_data_dir}: its server's user cannot enter this folder"
        lines.append(f"  PostgreSQL  {server}/bastion_<service>  ({where})")
    lines.append(f"  Kafka       {stack.kafka_bootstrap}" + ("  (Tansu, in memory)" if stack.broker else ""))
    lines.append(f"  Logs        {stack.logs.resolve()}/")
    if "scoring" in stack.services:
        lines.append(f"  Dashboard   {stack.services['scoring'].url}/dashboard/")
    lines += public_pages_lines(stack)
    lines += [hint() for hint in (entry.load() for entry in entry_points(group="bastion.demo_accounts"))]
    if stack.demo_summary:
        lines += ["", stack.demo_summary]
    lines += ["", "A service, the broker or PostgreSQL that dies is started again. Press Ctrl-C to stop everything."]
    return "\n".join(lines)
