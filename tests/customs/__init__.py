"""Tests of the customs message layer (storefront.customs)."""
