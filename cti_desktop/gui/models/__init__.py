"""Qt item models over the core's plain data (each checked with pytest-qt's qtmodeltester)."""
