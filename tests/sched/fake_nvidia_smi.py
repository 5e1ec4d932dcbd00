#!/usr/bin/env python3
"""Stand-in for nvidia-smi: prints recorded output with the real CLI's flags.

CT_FAKE_SMI_DIR names a folder holding gpus.csv (--query-gpu, with header and units),
apps.csv (--query-compute-apps) and topo.txt (topo -m). --format=csv,noheader,nounits are
applied to the recorded CSV as the real tool would. Exits 9 with nvidia-smi's words when the
folder is missing, as the real tool does when the driver is not loaded."""
import os
import re
import sys


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
    lines = [l for l in read(name).splitlines() if l.strip()]
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
