"""A live vault: the watcher that keeps the index fresh, and the MCP server that serves it.

Both are thin adapters over the same core calls the CLI makes and return the same JSON
shapes; ``watchfiles`` and ``mcp`` are imported only inside the functions that need them.
"""
