"""Where a service is reached, from where it listens."""

from __future__ import annotations

import ipaddress

from bastion.addresses import http_url, is_loopback, network_address, reachable_host


def test_a_service_on_one_address_is_reached_there() -> None:
    assert reachable_host("127.0.0.1") == "127.0.0.1"
    assert reachable_host("10.1.2.3") == "10.1.2.3"


def test_a_service_on_every_interface_is_reached_at_the_machines_network_address() -> None:
    for everywhere in ("0.0.0.0", "::"):  # noqa: S104
        host = reachable_host(everywhere)
        assert host == (network_address() or "127.0.0.1")
        assert not ipaddress.ip_address(host).is_unspecified


def test_the_network_address_is_never_one_only_this_machine_reaches() -> None:
    address = network_address()
    assert address is None or not is_loopback(address)


def test_urls_bracket_ipv6_addresses() -> None:
    assert http_url("127.0.0.1", 8103) == "http://127.0.0.1:8103"
    assert http_url("::1", 8103) == "http://[::1]:8103"
    assert http_url("fk.example.cn", 80) == "http://fk.example.cn:80"


def test_loopback_is_told_apart() -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("localhost")
    assert is_loopback("[::1]")
    assert not is_loopback("192.168.1.20")
    assert not is_loopback("fk.example.cn")
