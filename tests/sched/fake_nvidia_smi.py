#!/usr/bin/env python3
"""Stand-in for nvidia-smi: prints recorded output with the real CLI's flags.

CT_FAKE_SMI_DIR names a folder holding gpus.csv (--query-gpu, with header and units),
apps.csv (--query-compute-apps) and topo.txt (topo -m). --format=csv,noheader,nounits are
applied to the recorded CSV as the real tool would. Exits 9 with nvidia-smi's words when the
folder is missing, as the real tool does when the driver is not loaded.

Processes of the stand-in vLLM (tests/deploy/fake_vllm.py) register in CT_FAKE_SMI_DIR/procs/
as <pid>.json ({"gpus": [uuid...], "mib": per GPU, "name": ...}); while such a pid is alive its
memory is added to memory.used (and taken from memory.free) of those GPUs and it is listed by
--query-compute-apps, as the real tool shows a running vLLM."""
import json
import os
import re
import sys


def live_procs():
    d = os.path.join(os.environ.get("CT_FAKE_SMI_DIR", ""), "procs")
    out = []
    if not os.path.isdir(d):
        return out
    for name in sorted(os.listdir(d)):
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(d, name), encoding="utf-8") as f:
                p = json.load(f)
            with open("/proc/%d/stat" % int(p["pid"]), encoding="utf-8") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except (OSError, ValueError, KeyError, IndexError):
            continue
        if state not in ("Z", "X"):
            out.append(p)
    return out


def with_procs(name, text):
    procs = live_procs()
    if not procs:
        return text
    lines = text.splitlines()
    header = [re.sub(r" \[.*\]$", "", h.strip()) for h in lines[0].split(",")]
    if name == "apps.csv":
        for p in procs:
            for uuid in p["gpus"]:
                row = {"pid": str(p["pid"]), "gpu_uuid": uuid, "used_gpu_memory": "%d MiB" % p["mib"],
                       "process_name": p.get("name", "VLLM::EngineCore"), "gpu_bus_id": ""}
                lines.append(", ".join(row.get(h, "") for h in header))
        return "".join(l + "\n" for l in lines)
    add = {}
    for p in procs:
        for uuid in p["gpus"]:
            add[uuid] = add.get(uuid, 0) + int(p["mib"])
    for i in range(1, len(lines)):
        cells = [c.strip() for c in lines[i].split(",")]
        if len(cells) != len(header) or "uuid" not in header:
            continue
        extra = add.get(cells[header.index("uuid")], 0)
        for col, sign in (("memory.used", 1), ("memory.free", -1)):
            if col in header and extra:
                k = header.index(col)
                m = re.match(r"(\d+)", cells[k])
                if m:
                    cells[k] = "%d MiB" % max(0, int(m.group(1)) + sign * extra)
        lines[i] = ", ".join(cells)
    return "".join(l + "\n" for l in lines)


def fail(msg, code=9):
    sys.stdout.write(msg + "\n")
    sys.exit(code)


def read(name):
    d = os.environ.get("CT_FAKE_SMI_DIR", "")
    path = os.path.join(d, name)
    if not d or not os.path.exists(path):
        fail("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. "
             "Make sure that the latest NVIDIA driver is installed and running.")
    with open(path, encoding="utf-8") as f:
        return f.read()


def csv(name, fmt):
    opts = fmt.split(",")
    if opts[0] != "csv":
        fail('Invalid combination of input arguments. Please run "nvidia-smi -h" for help.', 2)
    lines = [l for l in with_procs(name, read(name)).splitlines() if l.strip()]
    if "nounits" in opts:
        lines = [lines[0]] + [re.sub(r" (MiB|%)(?=,|$)", "", l) for l in lines[1:]]
        lines[0] = re.sub(r" \[[^\]]*\]", "", lines[0])
    if "noheader" in opts:
        lines = lines[1:]
    sys.stdout.write("".join(l + "\n" for l in lines))


def main(argv):
    if argv[:2] == ["topo", "-m"]:
        sys.stdout.write(read("topo.txt"))
        return
    fmt = None
    query = None
    for a in argv:
        if a.startswith("--format="):
            fmt = a.split("=", 1)[1]
        elif a.startswith("--query-gpu="):
            query = "gpus.csv"
        elif a.startswith("--query-compute-apps="):
            query = "apps.csv"
    if query is None or fmt is None:
        fail('Invalid combination of input arguments. Please run "nvidia-smi -h" for help.', 2)
    csv(query, fmt)


main(sys.argv[1:])
