"""Backup and restore of one process (バックアップ): export to versioned JSON Lines, import back.

``kyoso export-process SLUG > file.jsonl`` and ``kyoso import-process file.jsonl``; the format is
described in ``format.py`` and ``docs/deployment.md``.
"""
