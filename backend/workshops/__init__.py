"""Workshops (ワークショップ・説明会): a meeting of a process where a facilitator types the
participants' sticky notes (付箋), table by table.

What the feature offers, in one place:

- ``models.py``: ``Workshop`` (title, day, place, its tables 「1班」「2班」…) and ``WorkshopNote``
  (one typed note: the browser's UUID, its table, the proposal it became);
- ``services.py``: creating a workshop and storing a batch of notes **idempotently**: each note
  carries a UUID made in the browser, so a batch resent after a lost answer stores nothing
  twice;
- ``controllers.py``: the staff routes ``/api/v1/processes/{id}/workshops`` and
  ``/api/v1/workshops/{id}/notes``;
- the SPA screen ``frontend/src/pages/planner/workshop/`` queues notes in the browser
  (``localStorage``) and sends them when the server answers again.

Each note becomes a proposal on the ``meeting`` channel (説明会・ワークショップ), typed in by staff
like any proxy entry (``proposals/proxy.py``): allowed in the phases proxy entry is, while the
process keeps the channel open, with a 受付番号 and the workshop's day as its 受付日.
"""
