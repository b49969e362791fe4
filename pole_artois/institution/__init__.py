"""The Pôle as an institution: governance, official acts, news, history, contact, legal pages."""
