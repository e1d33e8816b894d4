"""Accounts: users, roles, sign-in, registration, password reset."""
