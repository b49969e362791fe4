"""The three chantiers of the Pôle, their objectives, and the updates and documents of each."""
