"""Pure-Python rules of PTĐV. Nothing here imports Django or the ORM, so every
rule is tested without a database (see tests/domain)."""
