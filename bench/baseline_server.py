"""The seed's search stack, as the baseline of bench/serve.sh: FastAPI + uvicorn +
sentence-transformers (all-MiniLM-L6-v2, torch) + numpy top-k over the same chunks quire
serves (exported from its index with `quire serve --export-chunks FILE`).

    CHUNKS=chunks.jsonl MODEL=models/all-MiniLM-L6-v2 THREADS=2 \
        uvicorn baseline_server:app --app-dir bench --port 8090

GET /api/search?q=...&k=5 answers the same JSON shape as quire's /api/search (dense
similarity only, as the seed did). Chunk vectors are computed at start-up and cached beside
the chunks file (keyed by its hash), so a second start is quick.
"""
import hashlib
import json
import os
import time

import numpy as np
import torch
from fastapi import FastAPI, HTTPException, Query
from sentence_transformers import SentenceTransformer

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
CHUNKS = os.environ["CHUNKS"]
MODEL = os.environ.get("MODEL", "models/all-MiniLM-L6-v2")

chunks = [json.loads(line) for line in open(CHUNKS, encoding="utf-8") if line.strip()]
model = SentenceTransformer(MODEL, device="cpu")

digest = hashlib.sha256(open(CHUNKS, "rb").read()).hexdigest()[:16]
cache = f"{CHUNKS}.{digest}.npy"
if os.path.exists(cache):
    vectors = np.load(cache)
else:
    vectors = model.encode([c["text"] for c in chunks], batch_size=32, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False).astype(np.float32)
    np.save(cache, vectors)

app = FastAPI()


@app.get("/api/health")
def health():
    return {"status": "ok", "chunks": len(chunks)}


@app.get("/api/search")
def search(q: str = Query(..., max_length=2000), k: int = Query(5, ge=1, le=50)):
    query = q.strip()
    if not query:
        raise HTTPException(status_code=400, detail="missing query parameter 'q'")
    start = time.perf_counter()
    qv = model.encode([query], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)[0]
    scores = vectors @ qv
    k = min(k, len(chunks))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top])]
    results = [{"rank": r + 1, "score": round(float(scores[i]), 4), "source": chunks[i]["source"], "url": chunks[i]["url"],
                "title": chunks[i]["title"], "headings": chunks[i]["headings"], "text": chunks[i].get("body", chunks[i]["text"])}
               for r, i in enumerate(top)]
    return {"query": query, "took_ms": round((time.perf_counter() - start) * 1000, 3), "results": results}
