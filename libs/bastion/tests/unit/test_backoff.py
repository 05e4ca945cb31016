from __future__ import annotations

from bastion.backoff import Backoff


def test_backoff_doubles_up_to_its_maximum_and_resets() -> None:
    backoff = Backoff(initial=1.0, maximum=4.0)
    delays = [backoff.next() for _ in range(5)]
    for delay, nominal in zip(delays, [1, 2, 4, 4, 4], strict=True):
        assert nominal * 0.8 <= delay <= nominal * 1.2
    assert backoff.failures == 5
    backoff.reset()
    assert backoff.failures == 0
    assert backoff.next() <= 1.2
