"""``vaultkit check``: lint rules over the index, one small function each, and the engine
that runs them (``tags audit`` is a view of its tag rules)."""
