"""The benchmark suite: synthetic proposals, timings of the app's own paths, and the report."""
