#!/usr/bin/env python3
"""Stand-in FPGA host programs for tst_serve, written from the protocol description only.

legacy PORT MARKER: the old host script's protocol (length + JSON + marker in, length + text +
    marker out); answers "echo: <last user message>".
slow PORT: CT mode that streams 200 tokens, one every 20 ms (so a test can kill it mid-stream);
    a "cancel" frame for the running request stops it and prints "cancelled <id>".
Prints "ready" once listening.
"""
import json
import select
import socket
import struct
import sys
import time


def read_frame(conn):
    head = b""
    while len(head) < 4:
        chunk = conn.recv(4 - len(head))
        if not chunk:
            return None
        head += chunk
    (n,) = struct.unpack(">I", head)
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def send_frame(conn, payload):
    conn.sendall(struct.pack(">I", len(payload)) + payload)


def legacy(conn, marker):
    while True:
        data = read_frame(conn)
        if data is None:
            return
        req = json.loads(data[: -len(marker)].decode("utf-8"))
        last = [m["content"] for m in req["messages"] if m["role"] == "user"][-1]
        send_frame(conn, ("echo: " + last).encode("utf-8") + marker)


def slow(conn):
    while True:
        data = read_frame(conn)
        if data is None:
            return
        msg = json.loads(data)
        if msg["type"] == "hello":
            send_frame(conn, json.dumps({"type": "hello", "version": 1, "mode": "ct", "model": "slow", "context_length": 4096}).encode())
        elif msg["type"] == "generate":
            cancelled = False
            for i in range(200):
                send_frame(conn, json.dumps({"type": "token", "id": msg["id"], "text": f"t{i} ", "token_id": i, "logprob": -0.1}).encode())
                ready, _, _ = select.select([conn], [], [], 0.02)
                if ready:
                    frame = read_frame(conn)
                    if frame is None:
                        return
                    other = json.loads(frame)
                    if other.get("type") == "cancel" and other.get("id") == msg["id"]:
                        print("cancelled", msg["id"], flush=True)
                        cancelled = True
                        break
            if not cancelled:
                send_frame(conn, json.dumps({"type": "done", "id": msg["id"], "finish_reason": "length", "prompt_tokens": 3, "completion_tokens": 200}).encode())


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(4)
    print("ready", flush=True)
    while True:
        conn, _ = srv.accept()
        if mode == "legacy":
            legacy(conn, sys.argv[3].encode())
        else:
            slow(conn)
        conn.close()


main()
