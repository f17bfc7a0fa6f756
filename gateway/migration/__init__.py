"""The migration control plane: which stack answers each legacy operation, and the evidence
ops decide it on.

- :mod:`registry`: every legacy operation with its v1 twin and its view, checked at start-up;
- :mod:`modes`: each operation's mode, dates and audit trail, in the database, and the
  short-lived copy every worker routes by;
- :mod:`dispatch`: the ASGI app under ``/api`` that routes each request by its mode;
- :mod:`verify`: offline parity evidence, the gate of ``cutover``;
- :mod:`cli`: ``gateway migration …``.
"""
