"""Talks to `quire serve` through the official `openai` package, as any OpenAI client would.
Usage: python openai_client.py BASE_URL QUESTION
Prints one JSON object with what the client saw (the Swift test checks it)."""
import json
import sys

import openai
from openai import OpenAI

base_url, question = sys.argv[1], sys.argv[2]
client = OpenAI(base_url=base_url, api_key="any-key", max_retries=0, timeout=60)
out = {"openai_version": openai.__version__}

models = client.models.list()
out["models"] = [m.id for m in models.data]

completion = client.chat.completions.create(
    model="quire",
    messages=[{"role": "system", "content": "You answer from the book."}, {"role": "user", "content": question}],
)
choice = completion.choices[0]
out["plain"] = {
    "object": completion.object,
    "model": completion.model,
    "role": choice.message.role,
    "content": choice.message.content,
    "finish_reason": choice.finish_reason,
    "total_tokens": completion.usage.total_tokens if completion.usage else None,
    # Fields beyond OpenAI's schema are kept by the SDK's models.
    "citations": (completion.model_extra or {}).get("citations"),
}

stream = client.chat.completions.create(
    model="book",
    messages=[{"role": "user", "content": question}],
    stream=True,
    stream_options={"include_usage": True},
)
pieces, finish, citations, usage, chunks = [], None, None, None, 0
for chunk in stream:
    chunks += 1
    if chunk.usage is not None:
        usage = chunk.usage.total_tokens
    extra = chunk.model_extra or {}
    if extra.get("citations") is not None:
        citations = extra["citations"]
    for c in chunk.choices:
        if c.delta.content:
            pieces.append(c.delta.content)
        if c.finish_reason:
            finish = c.finish_reason
out["stream"] = {"content": "".join(pieces), "finish_reason": finish, "citations": citations, "chunks": chunks, "usage": usage}

try:
    client.chat.completions.create(model="quire", messages=[])
    out["empty_messages_error"] = None
except openai.BadRequestError as e:
    out["empty_messages_error"] = {"status": e.status_code, "param": e.param}

print(json.dumps(out))
