"""Speed and memory benchmarks (run as modules, e.g. ``python -m benchmarks.claims_throughput``)."""
