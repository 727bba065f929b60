"""How far long work is, shown on the command line (the stages only call `progress(stage, done, total)`)."""

from __future__ import annotations

import shutil
import sys
import time

from tqdm import tqdm

from kb.text.dates import duration_vn
from kb.text.markup import number_vn


class Progress:
    """How far long work is, on stderr: a tqdm bar on a terminal (count, rate, time left), a plain line at each
    tenth otherwise; never for the machine formats (they get no Progress). The stages only call it:
    `progress(stage, done, total)`. Work of fewer than `least` items shows nothing."""

    STAGES = {"check": ("Kiểm tra hồ sơ", "tệp", 100), "pages": ("Sinh trang", "mục", 100),
              "site": ("Dựng trang web", "trang", 100), "import": ("Nhập bài", "bài", 3)}

    def __init__(self, stream=None, clock=time.monotonic) -> None:
        self.stream, self.clock = stream or sys.stderr, clock
        self.stage, self.bar, self.started, self.tenth = None, None, 0.0, 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        label, unit, least = self.STAGES[stage]
        if stage != self.stage:
            self.close()
            if total < least:
                return
            self.stage, self.started, self.tenth = stage, self.clock(), 0
            if self.stream.isatty():  # a terminal that does not say its size (0 × 0) is taken as 80 × 24
                size = shutil.get_terminal_size()
                self.bar = tqdm(total=total, desc=label, unit=unit, file=self.stream, leave=False,
                                ncols=size.columns or 80, nrows=size.lines or 24,
                                bar_format="{desc}: {percentage:3.0f}% |{bar}| {n_fmt}/{total_fmt} {unit} · còn {remaining}")
        if self.bar is not None:
            self.bar.total = total
            self.bar.update(done - self.bar.n)
        elif done * 10 // max(total, 1) > self.tenth or done == total:
            self.tenth = done * 10 // max(total, 1)
            elapsed = self.clock() - self.started
            left = elapsed / done * (total - done) if done else None
            print(f"{label}: {number_vn(done)}/{number_vn(total)} {unit} ({done * 100 // max(total, 1)}%)"
                  + (f", còn khoảng {duration_vn(left)}" if left and left >= 1 else ""), file=self.stream, flush=True)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.stage, self.bar = None, None

    def say(self, line: str, stream=None) -> None:
        """A line of output that does not break the bar."""
        (self.bar.write if self.bar is not None else tqdm.write)(line, file=stream or sys.stdout)
