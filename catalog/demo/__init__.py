"""The Chenzhou demo catalog: data files and their loader."""
