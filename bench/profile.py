"""Where a process spends its time: py-spy samples a running service (no restart, no code change), and
the collapsed stacks are summarised as the functions with the most time, inclusive and self."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Profiler:
    """A py-spy recording of one process, running in the background until :meth:`finish`."""

    pid: int
    raw_path: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self, seconds: float) -> None:
        self.raw_path.parent.mkdir(parents=True, exist_ok=True)
        py_spy = Path(sys.executable).parent / "py-spy"
        self.process = subprocess.Popen(
            [py_spy, "record", "--pid", str(self.pid), "--duration", str(int(seconds)), "--rate", "200",
             "--format", "raw", "--nonblocking", "-o", self.raw_path],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def finish(self, timeout: float = 120.0) -> Path | None:
        """Wait for the recording (stopping it early if need be); the raw file, if py-spy wrote one."""
        if self.process is not None:
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                self.process.wait(10)
        return self.raw_path if self.raw_path.exists() and self.raw_path.stat().st_size else None


def summarise(raw_path: Path, *, top: int = 25) -> str:
    """The functions holding the most samples, inclusive (with callees) and self, as text."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw_path.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = [_frame(frame) for frame in stack.split(";")]
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    if not total:
        return "no samples\n"
    lines = [f"{total} samples", "", "inclusive (the function and what it calls):"]
    lines += [f"  {n / total:6.1%}  {frame}" for frame, n in inclusive.most_common(top)]
    lines += ["", "self (the function's own code):"]
    lines += [f"  {n / total:6.1%}  {frame}" for frame, n in own.most_common(top)]
    return "\n".join(lines) + "\n"


def _frame(frame: str) -> str:
    """``function (path/to/module.py:line)`` -> ``function (module path)``: lines merged per function."""
    name, _, where = frame.partition(" (")
    module = where.rsplit(":", 1)[0].rstrip(")")
    for marker in ("site-packages/", "/src/", "lib/python3"):
        if marker in module:
            module = module.split(marker, 1)[1]
    return f"{name} ({module})" if module else name
