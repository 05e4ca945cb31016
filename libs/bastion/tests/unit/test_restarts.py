"""When ``bastion dev`` starts a crashed child again: 1 s, doubling to 30 s, back to 1 s after a stable minute."""

from __future__ import annotations

from bastion.devstack.restarts import RestartPolicy, describe_exit


def within_jitter(delay: float, nominal: float) -> bool:
    return nominal * 0.8 <= delay <= nominal * 1.2


def test_a_child_that_keeps_crashing_waits_longer_each_time_up_to_30_seconds() -> None:
    policy = RestartPolicy()
    now = 0.0
    delays = []
    for _ in range(7):
        policy.started(now)
        now += 0.5  # dies half a second after each start
        delays.append(policy.crashed(now))
        now += delays[-1]
    for delay, nominal in zip(delays, [1, 2, 4, 8, 16, 30, 30], strict=True):
        assert within_jitter(delay, nominal), (delay, nominal)


def test_after_a_minute_up_the_next_crash_waits_one_second_again() -> None:
    policy = RestartPolicy()
    for _ in range(4):
        policy.started(0.0)
        policy.crashed(1.0)
    policy.started(100.0)
    assert within_jitter(policy.crashed(100.0 + 60.0), 1)


def test_the_start_is_due_only_once_the_delay_has_passed() -> None:
    policy = RestartPolicy()
    policy.started(0.0)
    assert not policy.waiting
    delay = policy.crashed(10.0)
    assert policy.waiting
    assert not policy.due(10.0 + delay - 0.01)
    assert policy.due(10.0 + delay)
    policy.started(10.0 + delay)
    assert not policy.waiting
    assert not policy.due(1e9)


def test_exits_are_told_by_signal_or_code() -> None:
    assert describe_exit(-9) == "killed by SIGKILL"
    assert describe_exit(1) == "exit code 1"
    assert describe_exit(None) == "gone"
