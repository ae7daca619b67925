"""Demo data built from the seed documents, and a synthetic data generator for benchmarks."""
