#!/usr/bin/env python3
"""Test double for evalplus.evaluate (which cannot run here): the real flags, the real
"Codegen: <task> @ <model>" lines, and the sample + result files of EvalPlus 0.3.1. FAKE_MODE=401
imitates its openai backend retrying a refused key forever."""
import json, os, sys, time

args = sys.argv[1:]
def opt(name, default=None):
    return args[args.index(name) + 1] if name in args else default

model, dataset, backend = opt("--model"), opt("--dataset"), opt("--backend")
root = opt("--root", "evalplus_results")
if os.environ.get("FAKE_MODE") == "401":
    while True:
        print("Error code: 401 - {'error': {'message': 'Incorrect API key provided', 'type': 'invalid_request_error'}}", flush=True)
        time.sleep(0.05)
ident = model.strip("./").replace("/", "--") + "_%s_temp_0.0" % backend
os.makedirs(os.path.join(root, dataset), exist_ok=True)
samples = os.path.join(root, dataset, ident + ".jsonl")
print("Sanitized code outputs will be saved to " + samples, flush=True)
ids = ["HumanEval/%d" % i for i in range(4)] if dataset == "humaneval" else ["Mbpp/%d" % i for i in (2, 3, 4, 6)]
with open(samples, "w") as f:
    for t in ids:
        print("Codegen: %s @ %s" % (t, model), flush=True)
        f.write(json.dumps({"task_id": t, "solution": "def f(): pass"}) + "\n")
statuses = [("pass", "pass"), ("pass", "fail"), ("fail", "fail"), ("pass", "pass")]
res = {"date": time.strftime("%Y-%m-%d %H:%M"), "hash": "x", "eval": {
    t: [{"task_id": t, "solution": "def f(): pass", "base_status": b, "plus_status": p, "base_fail_tests": [], "plus_fail_tests": []}]
    for t, (b, p) in zip(ids, statuses)}}
with open(samples[:-len(".jsonl")] + "_eval_results.json", "w") as f:
    json.dump(res, f)
print("%s (base tests)\npass@1:\t0.750\n%s+ (base + extra tests)\npass@1:\t0.500" % (dataset, dataset))
