"""Carriers: the port (book a parcel -> waybill number; tracking later) and the sandbox carrier."""
