#!/usr/bin/env python3
"""Driver of bench/llm-failures.sh: starts `quire serve` once per scenario and times /api/ask."""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

QUESTIONS = [
    "What does the Jacobian matrix relate?",
    "How does a LIDAR sensor measure distance?",
    "What is a ROS 2 topic?",
    "How do robots localize themselves?",
    "What is inverse kinematics?",
]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def ask(port, question, timeout=300):
    body = json.dumps({"question": question, "stream": False}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/ask", data=body, headers={"content-type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=timeout) as r:
        out = json.loads(r.read())
    return time.perf_counter() - start, out


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
        return r.read().decode()


class Serve:
    def __init__(self, args, env):
        self.port = free_port()
        e = dict(os.environ, QUIRE_RATE_LIMIT="0", **env)
        e.pop("QUIRE_LLM_PROVIDER", None) if "QUIRE_LLM_PROVIDER" not in env else None
        self.proc = subprocess.Popen([args.bin, "serve", "--site", args.site, "--port", str(self.port)], env=e,
                                     stdout=subprocess.DEVNULL, stderr=open(os.path.join(".cache/llm-bench", "serve.log"), "a"))
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                get(self.port, "/api/ready")
                return
            except Exception:
                if self.proc.poll() is not None:
                    sys.exit("quire serve exited; see .cache/llm-bench/serve.log")
                time.sleep(0.2)
        sys.exit("quire serve did not become ready")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)


class Fake:
    def __init__(self, mode):
        self.port = free_port()
        self.proc = subprocess.Popen([sys.executable, "bench/llm_fake_provider.py", mode, str(self.port)], stdout=subprocess.PIPE, text=True)
        self.proc.stdout.readline()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.kill()
        self.proc.wait()


def provider(base, **limits):
    env = {"QUIRE_LLM_PROVIDER": "openai-compatible", "QUIRE_LLM_BASE_URL": base, "QUIRE_LLM_MODEL": "bench-model"}
    env.update({k: str(v) for k, v in limits.items()})
    return env


def run(port, n, expect_mode="extractive"):
    times, reasons = [], set()
    for i in range(n):
        took, out = ask(port, QUESTIONS[i % len(QUESTIONS)] + f" ({i})")
        if out.get("mode") != expect_mode:
            sys.exit(f"expected mode {expect_mode}, got {out.get('mode')}: {out.get('fallback_reason')}")
        times.append(took)
        if out.get("fallback_reason"):
            reasons.add(out["fallback_reason"].split("(")[0].strip())
    return times, sorted(reasons)


def row(name, times, target, reasons=()):
    ms = [t * 1000 for t in times]
    med = statistics.median(ms)
    line = {"scenario": name, "n": len(ms), "p50_ms": round(med, 1), "max_ms": round(max(ms), 1), "target": target,
            "reason": "; ".join(reasons)}
    print(f"| {name} | {len(ms)} | {med:.1f} | {max(ms):.1f} | {target} | {line['reason']} |", flush=True)
    return line


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--site", required=True)
    p.add_argument("--n", type=int, default=20)
    args = p.parse_args()
    n = args.n
    rows = []
    print("| scenario | asks | p50 ms | max ms | target | fallback reason |")
    print("|---|---|---|---|---|---|")

    with Serve(args, {"QUIRE_LLM_PROVIDER": "none"}) as s:
        ask(s.port, "warm up")
        t, _ = run(s.port, n)
        rows.append(row("no provider configured (baseline)", t, "-"))
        base_p50 = statistics.median(t)

    closed = free_port()  # nothing listens there
    with Serve(args, provider(f"http://127.0.0.1:{closed}/v1", QUIRE_LLM_CIRCUIT_FAILURES=0)) as s:
        ask(s.port, "warm up")
        t, r = run(s.port, n)
        rows.append(row("provider port closed (circuit off)", t, "<= 2000", r))

    with Serve(args, provider("http://quire-bench-provider.invalid:8080/v1", QUIRE_LLM_CIRCUIT_FAILURES=0)) as s:
        ask(s.port, "warm up")
        t, r = run(s.port, n)
        rows.append(row("provider host unresolvable (circuit off)", t, "<= 2000", r))

    with Fake("silent") as f, Serve(args, provider(f"http://127.0.0.1:{f.port}/v1", QUIRE_LLM_CIRCUIT_FAILURES=0)) as s:
        t, r = run(s.port, 3)
        rows.append(row("provider accepts, never answers (first-token timeout 10 s)", t, "<= 11000", r))

    with Fake("stall") as f, Serve(args, provider(f"http://127.0.0.1:{f.port}/v1", QUIRE_LLM_CIRCUIT_FAILURES=0)) as s:
        t, r = run(s.port, 3)
        rows.append(row("provider sends headers, then stalls", t, "<= 11000", r))

    with Fake("trickle") as f, Serve(args, provider(f"http://127.0.0.1:{f.port}/v1", QUIRE_LLM_CIRCUIT_FAILURES=0,
                                                    QUIRE_LLM_TIMEOUT=5)) as s:
        t, r = run(s.port, 3)
        rows.append(row("provider streams forever (total deadline 5 s)", t, "<= 5000 + answer", r))

    with Serve(args, provider(f"http://127.0.0.1:{closed}/v1")) as s:
        for i in range(3):  # three failures open the circuit
            ask(s.port, f"open the circuit {i}")
        ready = json.loads(get(s.port, "/api/ready"))
        metrics = get(s.port, "/metrics")
        t, r = run(s.port, n)
        rows.append(row("circuit open (after 3 failures)", t, f"~ baseline ({base_p50 * 1000:.1f})", r))
        print(f"\n/api/ready llm_circuit: {json.dumps(ready.get('llm_circuit'))}")
        print("metrics: " + " ".join(l for l in metrics.splitlines() if l.startswith("quire_llm_circuit")))

    with open(".cache/llm-bench/summary.json", "w") as fh:
        json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()
