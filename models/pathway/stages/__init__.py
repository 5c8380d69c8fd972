"""One module per stage of the pathway, each a small step that reads like the real one.

A stage takes the system's :class:`~models.pathway.context.Context`, the person and the case,
and returns an outcome (or is a generator that yields its own waits). A stage imports no other
stage and starts nothing: :mod:`models.pathway.journey` decides what comes next.
"""
