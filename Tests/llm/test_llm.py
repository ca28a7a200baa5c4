"""Checks for Tests/llm/run.sh: quire serve in front of a real llama-cpp-python server."""
import json
import os
import signal
import sys
import time
import urllib.request

API = os.environ["QUIRE_TEST_URL"]
LLM = os.environ["LLM_URL"]
LLM_PID = int(os.environ["LLM_PID"])
QUESTION = "What does the Jacobian matrix relate?"
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def wait(url, seconds):
    deadline = time.time() + seconds
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5).read()
        except Exception:
            if time.time() > deadline:
                sys.exit(f"nothing answers at {url}")
            time.sleep(0.5)


def post(path, body, timeout=300):
    req = urllib.request.Request(API + path, data=json.dumps(body).encode(), headers={"content-type": "application/json"})
    return urllib.request.urlopen(req, timeout=timeout)


def sse(resp, on_event=None):
    """Yields (event, data) pairs of an SSE response."""
    events, name, data = [], "message", []
    for raw in resp:
        line = raw.decode().rstrip("\r\n")
        if not line:
            if data:
                events.append((name, "\n".join(data)))
                if on_event:
                    on_event(name, "\n".join(data))
            name, data = "message", []
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip(" "))
    return events


wait(LLM + "/v1/models", 300)
wait(API + "/api/ready", 180)

# Plain answer in LLM mode, with citations.
start = time.time()
out = json.loads(post("/api/ask", {"question": QUESTION, "stream": False}).read())
check("plain answer comes from the model", out.get("mode") == "llm", out.get("fallback_reason", ""))
check("plain answer has text", len(out.get("answer", "").strip()) > 0)
check("plain answer carries citations", len(out.get("citations", [])) > 0 and all("url" in c for c in out["citations"]))
print(f"     plain answer in {time.time() - start:.1f} s: {out.get('answer', '')[:120]!r}")

# Streamed answer: sources, deltas, done (llm).
events = sse(post("/api/ask", {"question": "How does a LIDAR measure distance?"}))
names = [e for e, _ in events]
check("stream starts with sources", names[:1] == ["sources"], names[:3])
check("stream has deltas", names.count("delta") > 1, names.count("delta"))
done = json.loads(events[-1][1]) if names and names[-1] == "done" else {}
check("stream ends with done in llm mode", done.get("mode") == "llm", done)

# The official SDK through quire's OpenAI-compatible endpoint.
from openai import OpenAI  # noqa: E402

client = OpenAI(base_url=API + "/v1", api_key="unused")
reply = client.chat.completions.create(model="quire", messages=[{"role": "user", "content": QUESTION}])
check("SDK: plain completion", len(reply.choices[0].message.content or "") > 0)
chunks = list(client.chat.completions.create(model="quire", messages=[{"role": "user", "content": QUESTION}], stream=True))
text = "".join((c.choices[0].delta.content or "") for c in chunks if c.choices)
check("SDK: streamed completion", len(text) > 0)

# Kill the model server mid-answer: the stream ends cleanly, the text is marked as cut,
# the sources stay, and the book's answer follows.
state = {"deltas": 0, "killed_at": None}


def on_event(name, data):
    if name == "delta":
        state["deltas"] += 1
        if state["deltas"] == 3 and state["killed_at"] is None:
            os.kill(LLM_PID, signal.SIGKILL)
            state["killed_at"] = time.time()


events = sse(post("/api/ask", {"question": "Explain inverse kinematics and the Jacobian in detail, step by step."}), on_event)
ended = time.time()
names = [e for e, _ in events]
done = json.loads(events[-1][1]) if names and names[-1] == "done" else {}
check("killed mid-stream: a done event ends the stream", names[-1:] == ["done"], names[-3:])
check("killed mid-stream: sources were sent", "sources" in names)
check("killed mid-stream: extractive with a reason", done.get("mode") == "extractive" and "fallback_reason" in done, done)
check("killed mid-stream: marked as cut", done.get("cut") is True, done)
text = "".join(json.loads(d)["text"] for e, d in events if e == "delta")
check("killed mid-stream: the book's answer follows", "interrupted" in text, text[-200:])
if state["killed_at"]:
    print(f"     stream ended {ended - state['killed_at']:.2f} s after the kill")

# With the model server gone, answers come from the book at once (a question not asked
# before: answers the model completed are cached).
start = time.time()
out = json.loads(post("/api/ask", {"question": "What are the parts of a robot arm's forward kinematics?", "stream": False}).read())
took = time.time() - start
check("model gone: extractive answer", out.get("mode") == "extractive", out)
check("model gone: within 2 s", took <= 2.0, f"{took:.2f} s")
print(f"     model gone: answered in {took * 1000:.0f} ms ({out.get('fallback_reason', '')})")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
