"""Shipping methods, rates by destination and weight, postal addresses, the rates admin."""
