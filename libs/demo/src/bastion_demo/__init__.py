"""The demo organisation: a factory Party committee whose branch 4 looks like the source report."""
