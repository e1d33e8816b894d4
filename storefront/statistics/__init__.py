"""Statistics monitoring (统计监测): the operator's dashboard, progress toward the plan's "6510"
goal and the public development index. Figures are SQL aggregates over paid orders and customs
declarations; the modules without ``views`` in their name are plain Python taking a Session.
"""
