"""The staff's tools: roles, dashboard, history, security of the admin."""
