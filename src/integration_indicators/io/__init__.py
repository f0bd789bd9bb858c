"""Files in and out: bounded reads, tables of text, atomic outputs."""
