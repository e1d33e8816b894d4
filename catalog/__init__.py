"""The catalog domain: counties, producers, brands, products. Framework-free; functions take a Session."""
