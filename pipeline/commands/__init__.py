"""Command families of the `thidua` CLI, one module each."""
