"""The catalog domain: counties, producers, brands, products; framework-free (takes a Session)."""
