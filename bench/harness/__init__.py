"""Pieces of bench/compare.py: case definitions, input writers, runners and parsers, reports."""
