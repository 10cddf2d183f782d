"""Serve: mot-blog serve (build, watch, rebuild what an edit touches, serve with live reload)."""
