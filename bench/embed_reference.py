"""sentence-transformers (torch, CPU) on the same passages and queries as `quire embed --bench`.
Usage: python embed_reference.py MODEL_DIR PASSAGES.jsonl THREADS BATCH [QUESTIONS.jsonl]  → one JSON object.
With QUESTIONS (JSON lines with "question"), those are the timed queries, as for quire --bench-queries."""
import json, resource, statistics, sys, time

model_dir, passages_file, threads, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
import torch
torch.set_num_threads(threads)
from sentence_transformers import SentenceTransformer

model = SentenceTransformer(model_dir, device="cpu")
passages = [json.loads(line)[0] for line in open(passages_file, encoding="utf-8") if line.strip()]
queries = ["what is inverse kinematics?", "How do I launch a ROS 2 node with parameters?", "PID controller tuning",
           "Explain the difference between SLAM and localization.", "how does a lidar measure distance"]
if len(sys.argv) > 5:
    queries = [json.loads(line)["question"] for line in open(sys.argv[5], encoding="utf-8") if line.strip()]
repeats = max(1, 300 // len(queries))
model.encode(passages[:batch], batch_size=batch, normalize_embeddings=True)
for q in queries[:3]:
    model.encode(q, normalize_embeddings=True)

t0 = time.perf_counter()
model.encode(passages, batch_size=batch, normalize_embeddings=True)
elapsed = time.perf_counter() - t0

lat = []
for _ in range(repeats):
    for q in queries:
        t = time.perf_counter()
        model.encode(q, normalize_embeddings=True)
        lat.append((time.perf_counter() - t) * 1000)
lat.sort()
print(json.dumps({
    "engine": f"sentence-transformers (torch {torch.__version__}, {threads} threads)",
    "passages": len(passages), "batch": batch,
    "passages_per_s": len(passages) / elapsed,
    "query_p50_ms": lat[len(lat) // 2], "query_p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))],
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}, sort_keys=True))
