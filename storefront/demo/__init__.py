"""Demo data placed through the real services: accounts and paid orders."""
