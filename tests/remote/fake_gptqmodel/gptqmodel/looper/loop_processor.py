"""Stand-in for gptqmodel.looper.loop_processor: log_new_row receives each module's statistics and
prints it as a row of GPTQModel's console table (columns in DEFAULT_LOG_COLUMNS order)."""
import sys

DEFAULT_LOG_COLUMNS = ["process", "layer", "module", "feat: in, out", "dtype: size", "loss", "samples", "damp", "time", "fwd_time", "(v)ram", "dynamic"]


class LoopProcessor:
    def __init__(self):
        self.log = []
        self.log_call_count = 0

    def log_new_row(self, stat):
        self.log_call_count += 1
        if self.log_call_count % 20 == 1:
            print("| " + " | ".join(DEFAULT_LOG_COLUMNS) + " |", file=sys.stderr, flush=True)
        print("| " + " | ".join("" if stat.get(c) is None else str(stat.get(c)) for c in DEFAULT_LOG_COLUMNS) + " |", file=sys.stderr, flush=True)
        self.log.append(stat)
