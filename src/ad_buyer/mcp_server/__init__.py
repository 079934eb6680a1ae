"""The buyer's MCP server (``ad-buyer mcp``, and ``/mcp`` on ``ad-buyer serve``).

Not named ``mcp``: that would shadow the SDK."""
