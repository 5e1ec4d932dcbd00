#!/usr/bin/env python3
"""Stand-in for `vllm` on the deploy tests' GPU host: a real process with vLLM's command line.

`vllm serve MODEL [flags]` takes vLLM's serve flags (argparse, so a wrong flag fails the way vLLM's
parser does), checks what vLLM checks at start (attention heads divisible by the tensor-parallel
size, free memory on every visible GPU against ceil(total x gpu_memory_utilization)), prints vLLM's
start-up lines, takes its memory on the GPUs named by CUDA_VISIBLE_DEVICES (the stand-in
nvidia-smi shows it), and serves the OpenAI API by running `ct host --model MODEL` and
`ct serve` in front of it, with the key from VLLM_API_KEY (or --api-key).

A failure is asked for with CT_FAKE_VLLM_FAIL=MODE, or a file named by CT_FAKE_VLLM_FAIL_FILE
holding MODE: oom, kv-cache, no-cache-blocks, quantization, address-in-use. The stand-in then
prints vLLM's own text for it and exits 1. GPUs come from CT_FAKE_SMI_DIR (gpus.csv), shared with
the stand-in nvidia-smi."""
import argparse
import json
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

VERSION = "0.9.2"
children = []
registered = []


def log(level, where, msg):
    sys.stdout.write("%s %s [%s] %s\n" % (level, time.strftime("%m-%d %H:%M:%S"), where, msg))
    sys.stdout.flush()


def cleanup():
    for c in children:
        if c.poll() is None:
            c.terminate()
    for c in children:
        try:
            c.wait(timeout=5)
        except subprocess.TimeoutExpired:
            c.kill()
    for f in registered:
        try:
            os.remove(f)
        except OSError:
            pass


def die(lines, code=1):
    for l in lines:
        sys.stdout.write(l + "\n")
    sys.stdout.flush()
    cleanup()
    sys.exit(code)


def engine_failed(error_line):
    die(["ERROR %s [core.py:586] EngineCore failed to start." % time.strftime("%m-%d %H:%M:%S"),
         "Traceback (most recent call last):",
         error_line,
         "RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}"])


def smi_gpus():
    path = os.path.join(os.environ.get("CT_FAKE_SMI_DIR", ""), "gpus.csv")
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    header = [re.sub(r" \[.*\]$", "", h.strip()) for h in lines[0].split(",")]
    gpus = []
    for l in lines[1:]:
        cells = dict(zip(header, [c.strip() for c in l.split(",")]))
        mib = lambda k: int(re.match(r"\d+", cells[k]).group(0))
        gpus.append({"index": int(cells["index"]), "uuid": cells["uuid"], "total": mib("memory.total"), "used": mib("memory.used")})
    procs_dir = os.path.join(os.environ.get("CT_FAKE_SMI_DIR", ""), "procs")
    if os.path.isdir(procs_dir):
        for name in os.listdir(procs_dir):
            try:
                with open(os.path.join(procs_dir, name), encoding="utf-8") as f:
                    p = json.load(f)
                os.kill(int(p["pid"]), 0)
            except (OSError, ValueError, KeyError):
                continue
            for g in gpus:
                if g["uuid"] in p["gpus"]:
                    g["used"] += int(p["mib"])
    return gpus


def parser():
    p = argparse.ArgumentParser(prog="vllm serve")
    p.add_argument("model")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--gpu-memory-utilization", type=float, default=0.92)
    p.add_argument("--max-model-len", type=int, default=None)
    p.add_argument("--tensor-parallel-size", "-tp", type=int, default=1)
    p.add_argument("--served-model-name", nargs="+", default=None)
    p.add_argument("--quantization", "-q", default=None)
    p.add_argument("--dtype", default="auto", choices=["auto", "half", "float16", "bfloat16", "float", "float32"])
    p.add_argument("--api-key", nargs="+", default=None)
    p.add_argument("--trust-remote-code", action="store_true")
    p.add_argument("--enforce-eager", action="store_true")
    p.add_argument("--max-num-seqs", type=int, default=None)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--disable-custom-all-reduce", action="store_true")
    p.add_argument("--enable-prefix-caching", action="store_true")
    p.add_argument("--uvicorn-log-level", default="info")
    return p


def main(argv):
    if argv[:1] == ["--version"]:
        print(VERSION)
        return 0
    if argv[:1] != ["serve"]:
        sys.stderr.write("usage: vllm [-h] [-v] {chat,complete,serve,bench,collect-env,run-batch} ...\n")
        return 2
    a = parser().parse_args(argv[1:])
    served = a.served_model_name[0] if a.served_model_name else a.model
    host = a.host or "0.0.0.0"
    log("INFO", "api_server.py:1395", "vLLM API server version %s" % VERSION)
    log("INFO", "utils.py:326", "non-default args: %s" % {k: v for k, v in vars(a).items() if v not in (None, False) and k != "api_key"})
    cfg_path = os.path.join(a.model, "config.json")
    if not os.path.isfile(cfg_path):
        die(["OSError: %s is not a local folder and is not a valid model identifier listed on 'https://huggingface.co/models'" % a.model])
    with open(cfg_path, encoding="utf-8") as f:
        cfg = json.load(f)
    heads = cfg.get("num_attention_heads", 0)
    max_pos = cfg.get("max_position_embeddings", 0)
    arch = (cfg.get("architectures") or ["?"])[0]
    log("INFO", "config.py:823", "This model supports multiple tasks: {'generate'}. Defaulting to 'generate'.")
    log("INFO", "config.py:1946", "Resolved architecture: %s" % arch)
    if a.max_model_len and max_pos and a.max_model_len > max_pos and os.environ.get("VLLM_ALLOW_LONG_MAX_MODEL_LEN") != "1":
        die(["ValueError: User-specified max_model_len (%d) is greater than the derived max_model_len (max_position_embeddings=%d or model_max_length=None in model's config.json). "
             "To allow overriding this maximum, set the env var VLLM_ALLOW_LONG_MAX_MODEL_LEN=1." % (a.max_model_len, max_pos)])
    if heads % a.tensor_parallel_size:
        die(["ValueError: Total number of attention heads (%d) must be divisible by tensor parallel size (%d)." % (heads, a.tensor_parallel_size)])
    max_len = a.max_model_len or max_pos
    log("INFO", "config.py:3131", "Using max model len %d" % max_len)
    q = cfg.get("quantization_config") or {}
    if q:
        method = q.get("quant_method", "")
        if a.quantization and a.quantization not in (method, method + "_marlin"):
            die(["ValueError: Quantization method specified in the model config (%s) does not match the quantization method specified in the `quantization` argument (%s)." % (method, a.quantization)])
        if method == "gptq" and q.get("bits") in (4, 8) and q.get("group_size", -1) in (-1, 32, 64, 128) and q.get("sym", True) and a.quantization != "gptq":
            log("INFO", "gptq_marlin.py:143", "The model is convertible to gptq_marlin during runtime. Using gptq_marlin kernel.")
        elif method == "gptq" and a.quantization == "gptq":
            log("WARNING", "gptq_marlin.py:151", "Detected that the model can run with gptq_marlin, however you specified quantization=gptq explicitly, so forcing gptq. Use quantization=gptq_marlin for faster inference")
    mode = os.environ.get("CT_FAKE_VLLM_FAIL", "")
    ff = os.environ.get("CT_FAKE_VLLM_FAIL_FILE", "")
    if not mode and ff and os.path.isfile(ff):
        with open(ff, encoding="utf-8") as f:
            mode = f.read().strip()
    if mode == "quantization":
        die(["ValueError: Unknown quantization method: %s. Must be one of ['aqlm', 'awq', 'deepspeedfp', 'tpu_int8', 'fp8', 'fbgemm_fp8', 'modelopt', 'marlin', 'gguf', 'gptq_marlin_24', 'gptq_marlin', 'awq_marlin', 'gptq', 'compressed-tensors', 'bitsandbytes', 'qqq', 'hqq', 'experts_int8', 'neuron_quant', 'ipex']." % (a.quantization or "unknown")])

    # The GPUs this rank set sees, and vLLM's start-up memory check on each.
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    gpus = smi_gpus()
    if visible is not None:
        wanted = [int(x) for x in visible.split(",") if x.strip()]
        gpus = [g for g in gpus if g["index"] in wanted]
    if not gpus:
        die(["RuntimeError: No CUDA GPUs are available"])
    if a.tensor_parallel_size > len(gpus):
        die(["ValueError: The number of required GPUs exceeds the total number of available GPUs in the placement group."])
    gpus = gpus[: a.tensor_parallel_size]
    gib = 1024.0
    for rank, g in enumerate(gpus):
        free = g["total"] - g["used"]
        requested = math.ceil(g["total"] * a.gpu_memory_utilization)
        if free < requested:
            engine_failed("ValueError: Free memory on device cuda:%d (%.2f/%.2f GiB) on startup is less than desired GPU memory utilization (%s, %.2f GiB). "
                          "Decrease GPU memory utilization or reduce GPU memory used by other processes." % (rank, free / gib, g["total"] / gib, a.gpu_memory_utilization, requested / gib))
    mib = math.ceil(gpus[0]["total"] * a.gpu_memory_utilization)
    procs = os.path.join(os.environ.get("CT_FAKE_SMI_DIR", ""), "procs")
    os.makedirs(procs, exist_ok=True)
    reg = os.path.join(procs, "%d.json" % os.getpid())
    with open(reg + ".tmp", "w", encoding="utf-8") as f:
        json.dump({"pid": os.getpid(), "gpus": [g["uuid"] for g in gpus], "mib": mib, "name": "VLLM::EngineCore"}, f)
    os.rename(reg + ".tmp", reg)
    registered.append(reg)
    log("INFO", "gpu_model_runner.py:1770", "Model loading took 0.01 GiB and 0.05 seconds")
    if mode == "oom":
        engine_failed("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of %.2f GiB of which 0.31 GiB is free. "
                      "Including non-PyTorch memory, this process has %.2f GiB memory in use." % (gpus[0]["total"] / gib, mib / gib))
    if mode == "kv-cache":
        engine_failed("ValueError: To serve at least one request with the models's max seq len (%d), (0.05 GiB KV cache is needed, which is larger than the available KV cache memory (0.01 GiB). "
                      "Based on the available memory, the estimated maximum model length is %d. Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine." % (max_len, max(16, max_len // 4)))
    if mode == "no-cache-blocks":
        log("INFO", "gpu_worker.py:232", "Available KV cache memory: -0.42 GiB")
        engine_failed("ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine.")
    log("INFO", "gpu_worker.py:232", "Available KV cache memory: %.2f GiB" % (mib / gib * 0.8))
    log("INFO", "kv_cache_utils.py:716", "GPU KV cache size: %d tokens" % (max_len * 64))
    log("INFO", "kv_cache_utils.py:720", "Maximum concurrency for %d tokens per request: 64.00x" % max_len)
    log("INFO", "core.py:172", "init engine (profile, create kv cache, warmup model) took 0.10 seconds")

    # The OpenAI API: ct host (the model) behind ct serve (HTTP), on the flags' host and port.
    ct = os.environ.get("CT_FAKE_VLLM_CT", "ct")
    keys = a.api_key or ([os.environ["VLLM_API_KEY"]] if os.environ.get("VLLM_API_KEY") else [])
    hostp = subprocess.Popen([ct, "host", "--model", a.model, "--listen", "127.0.0.1:0", "--json"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             stdin=subprocess.DEVNULL, text=True)
    children.append(hostp)
    link = None
    for line in hostp.stdout:
        m = re.search(r'"port":\s*(\d+)', line)
        if m and int(m.group(1)) > 0:
            link = int(m.group(1))
            break
    # Keep reading what the children print, so a full pipe never blocks them.
    threading.Thread(target=lambda: [None for _ in hostp.stdout], daemon=True).start()
    if link is None:
        engine_failed("RuntimeError: the stand-in's model host (ct host --model %s) ended before it listened" % a.model)
    keydir = tempfile.mkdtemp(prefix="fake-vllm-")
    args = [ct, "serve", "--host-link", "127.0.0.1:%d" % link, "--port", str(a.port), "--bind", "127.0.0.1" if host in ("127.0.0.1", "localhost") else "0.0.0.0",
            "--model-name", served]
    if a.max_model_len:
        args += ["--context-length", str(a.max_model_len)]
    keyfile = os.path.join(keydir, "keys")
    if keys:
        fd = os.open(keyfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, ("\n".join(keys) + "\n").encode())
        os.close(fd)
        args += ["--api-key-file", keyfile]
    servep = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    children.append(servep)
    serve_err = []

    def drain_serve():
        for l in servep.stderr:
            serve_err.append(l)
            del serve_err[:-20]

    threading.Thread(target=drain_serve, daemon=True).start()
    log("INFO", "api_server.py:1818", "Starting vLLM API server 0 on http://%s:%d" % (host, a.port))
    deadline = time.time() + 60
    while True:
        if servep.poll() is not None:
            time.sleep(0.2)
            err = "".join(serve_err)
            if "in use" in err.lower() or "address" in err.lower():
                die(["ERROR %s [api_server.py:1870] [Errno 98] error while attempting to bind on address ('%s', %d): address already in use" % (time.strftime("%m-%d %H:%M:%S"), host, a.port),
                     "OSError: [Errno 98] Address already in use"])
            die(["RuntimeError: the stand-in's HTTP server (ct serve) ended: %s" % err.strip()[-400:]])
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/health" % a.port, timeout=2) as r:
                if r.status == 200:
                    break
        except Exception:
            pass
        if time.time() > deadline:
            die(["RuntimeError: the stand-in's HTTP server did not come up in 60 s"])
        time.sleep(0.1)
    if keys:
        os.remove(keyfile)
    os.rmdir(keydir)
    log("INFO", "launcher.py:29", "Available routes are:")
    for route, methods in (("/health", "GET"), ("/v1/models", "GET"), ("/v1/chat/completions", "POST"), ("/v1/completions", "POST")):
        log("INFO", "launcher.py:37", "Route: %s, Methods: %s" % (route, methods))
    sys.stdout.write("INFO:     Started server process [%d]\nINFO:     Waiting for application startup.\nINFO:     Application startup complete.\n" % os.getpid())
    sys.stdout.write("INFO:     Uvicorn running on http://%s:%d (Press CTRL+C to quit)\n" % (host, a.port))
    sys.stdout.flush()

    stop = {"now": False}

    def on_term(signum, frame):
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    while not stop["now"]:
        if any(c.poll() is not None for c in children):
            die(["ERROR %s [core_client.py:564] Engine core proc EngineCore_0 died unexpectedly, shutting down client." % time.strftime("%m-%d %H:%M:%S")])
        time.sleep(0.2)
    sys.stdout.write("INFO:     Shutting down\nINFO:     Finished server process [%d]\n" % os.getpid())
    sys.stdout.flush()
    cleanup()
    return 0


sys.exit(main(sys.argv[1:]))
