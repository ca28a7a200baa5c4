// Chunker, index file, retrieval.
