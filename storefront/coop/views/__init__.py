"""The portal's pages, one module per part: home, listings, texts, photos, stock, brands, CSV,
parcels, members, joining."""
