"""Customs export declaration adapter (9610): CEB messages, checks, signing, receipts."""
