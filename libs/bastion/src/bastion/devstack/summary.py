"""What ``bastion dev`` prints once everything runs: the one address first, then where each thing is."""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from bastion.devstack.reach import public_pages_lines
from bastion.http.forwarded import API_PREFIX

if TYPE_CHECKING:
    from bastion.devstack.supervisor import DevStack


def running_summary(stack: DevStack) -> str:
    lines = ["", *_one_address_lines(stack), "", "  Each service on its own port:"]
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
    lines += [hint() for hint in (entry.load() for entry in entry_points(group="bastion.demo_accounts"))]
    if stack.demo_summary:
        lines += ["", stack.demo_summary]
    lines += [
        "",
        "A service, the broker, PostgreSQL or the proxy that dies is started again. Press Ctrl-C to stop everything.",
    ]
    return "\n".join(lines)


def _one_address_lines(stack: DevStack) -> list[str]:
    """The address people open (the proxy): the web app, the APIs under /api/<service>/, the public pages."""
    if stack.proxy is None:
        return ["Bastion is running:"]
    address = stack.proxy.url
    lines = [f"Bastion is running at {address}/", ""]
    if "scoring" in stack.services:
        lines.append(f"  Web app      {address}/  (today the dashboard 看板)")
    docs = ", ".join(f"{API_PREFIX}/{name}/docs" for name in stack.services)
    lines.append(f"  APIs         {address}{API_PREFIX}/<service>/…  (docs: {docs})")
    return lines + public_pages_lines(stack)
