"""Importing an earlier consultation (過去の意見募集の取り込み) as a new process ready for analysis.

The feature in one place:

- ``formats.py``: the formats it reads (e-Gov パブコメ results, any CSV/Excel with a text column,
  a Pol.is export, Decidim's proposals open data, 広聴AI's input CSV), each declared once with
  the columns that identify it and those it suggests for each field;
- ``reading.py``: an uploaded file → a table (CSV in UTF-8 or Shift_JIS, or .xlsx), read with
  the offline bulk import's reader (``proposals/offline_file.py``), and a clear 422 for a file
  that is none of these;
- ``service.py``: the preview (format, columns, first rows, suggested mapping) and the commit
  (a new process in the テーマ整理 phase, its proposals with channel ``imported``, all rows or
  none, each problem reported by line and column in Japanese);
- ``votes.py``: a Pol.is conversation's votes, so that opinion groups form;
- ``controllers.py``: the staff-only routes under ``/api/v1/imports``.
"""
