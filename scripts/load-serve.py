#!/usr/bin/env python3
"""Load on `doclist serve`: PDF requests per second, p50/p99 and the server's peak memory.

    scripts/load-serve.py [BINARY] [--requests N] [--concurrency C ...] [--serve "ARGS"]

Starts BINARY (default target/dist/doclist) as `serve --port 0` on 127.0.0.1, sends N
PDF checklist requests (default 2,000) from C clients at a time for each C given (default
50 and 200), each run against a fresh server, and prints one line per run: requests/s,
p50 and p99 in ms, replies by status, and the server's peak resident memory (VmHWM).
Only 127.0.0.1 is ever contacted.
"""
import argparse
import shlex
import http.client
import subprocess
import threading
import time

BODY = (
    "policy=shanghai%2Fresidence-registration&name=%E6%9D%8E%E5%B0%8F%E9%9B%A8"
    "&id_number=340102201603020121&channel=offline&housing=relative_owned"
    "&date=2026-11-23&format=pdf"
)


def peak_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def run(binary, serve_args, requests, concurrency):
    server = subprocess.Popen(
        [binary, "serve", "--port", "0", *serve_args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        first = server.stdout.readline()
        url = next(w for w in first.split() if w.startswith("http://"))
        host, port = url[len("http://"):].rstrip("/").split(":")
        assert host == "127.0.0.1", url
        port = int(port)
        lock = threading.Lock()
        left = [requests]
        times, statuses = [], {}

        def client():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            while True:
                with lock:
                    if left[0] == 0:
                        break
                    left[0] -= 1
                start = time.perf_counter()
                try:
                    conn.request(
                        "POST",
                        "/checklist",
                        BODY,
                        {"Content-Type": "application/x-www-form-urlencoded"},
                    )
                    res = conn.getresponse()
                    res.read()
                    status = res.status
                    if res.getheader("connection", "").lower() == "close":
                        conn.close()
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                except (OSError, http.client.HTTPException):
                    status = "error"
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                elapsed = time.perf_counter() - start
                with lock:
                    times.append(elapsed)
                    statuses[status] = statuses.get(status, 0) + 1
            conn.close()

        threads = [threading.Thread(target=client) for _ in range(concurrency)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        peak = peak_kb(server.pid)
        times.sort()
        ok = statuses.get(200, 0)
        p = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000
        print(
            f"{concurrency:4d} at a time: {requests} requests in {wall:6.2f} s, "
            f"{ok / wall:6.1f} PDF/s, p50 {p(0.50):7.1f} ms, p99 {p(0.99):7.1f} ms, "
            f"replies {dict(sorted(statuses.items(), key=str))}, peak {peak / 1024:7.1f} MB",
            flush=True,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary", nargs="?", default="target/dist/doclist")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[50, 200])
    ap.add_argument("--serve", default="", help="more arguments for `doclist serve`")
    a = ap.parse_args()
    a.serve_args = shlex.split(a.serve)
    if not 0 < a.requests <= 100_000 or not all(0 < c <= 1000 for c in a.concurrency):
        raise SystemExit("at most 100,000 requests and 1,000 clients")
    for c in a.concurrency:
        run(a.binary, a.serve_args, a.requests, c)


if __name__ == "__main__":
    main()
