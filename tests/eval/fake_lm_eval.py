#!/usr/bin/env python3
"""Test double for lm_eval (which cannot run here): parses the real command line, prints the
real progress formats (logging to stderr, tqdm bars with carriage returns) and writes a results
file where and how lm-eval 0.4.x writes it."""
import datetime, json, os, re, sys, time

args = sys.argv[1:]
def opt(name, default=None):
    return args[args.index(name) + 1] if name in args else default

model_args = dict(kv.split("=", 1) for kv in opt("--model_args", "").split(",") if "=" in kv)
tasks = opt("--tasks").split(",")
out = opt("--output_path")
limit = int(opt("--limit", "5"))
mode = os.environ.get("FAKE_MODE", "ok")
log = lambda m: print(time.strftime("%Y-%m-%d:%H:%M:%S") + " INFO     [evaluator.py:1] " + m, file=sys.stderr, flush=True)
log("Selected Tasks: %s" % tasks)
if mode == "crash":
    print("Traceback (most recent call last):\nValueError: Tasks not found: %s" % tasks[0], file=sys.stderr)
    sys.exit(1)
log("Running loglikelihood requests")
total = limit * 4 * len(tasks)
for i in range(0, total + 1, max(1, total // 4)):
    sys.stderr.write("\rRequesting API:  %d%%|####      | %d/%d [00:01<00:02, 10.0it/s]" % (100 * i // total, i, total))
    sys.stderr.flush()
    time.sleep(0.05)
sys.stderr.write("\n")
if mode == "hang":
    time.sleep(3600)
name = model_args.get("pretrained") or model_args.get("model")
sanitized = re.sub(r'["<>:/|\\?*\[\]]+', "__", name)
os.makedirs(os.path.join(out, sanitized), exist_ok=True)
stamp = datetime.datetime.now().isoformat().replace(":", "-")
results = {t: {"alias": t, "acc,none": 0.5, "acc_stderr,none": 0.1, "acc_norm,none": 0.25, "acc_norm_stderr,none": "N/A"} for t in tasks}
doc = {"results": results, "group_subtasks": {t: [] for t in tasks}, "configs": {}, "versions": {t: 1.0 for t in tasks},
       "n-shot": {t: 0 for t in tasks}, "n-samples": {t: {"original": 100, "effective": limit} for t in tasks},
       "config": {"model": opt("--model"), "model_args": opt("--model_args")}, "model_name": name, "date": time.time(),
       "total_evaluation_time_seconds": "1.5", "ct_fake_env_key": os.environ.get("OPENAI_API_KEY", "")}
with open(os.path.join(out, sanitized, "results_%s.json" % stamp), "w") as f:
    json.dump(doc, f)
print("|Tasks|Version|Filter|n-shot|Metric| |Value| |Stderr|")
