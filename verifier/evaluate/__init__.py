"""Readers and metrics for the public evaluation datasets."""
