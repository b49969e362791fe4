"""Django's PostgreSQL backend, with a health check that asks the server nothing when it can.

With CONN_HEALTH_CHECKS, Django checks a kept connection before the first query of each request
by sending `SELECT 1`: a round trip before every page that reads the database, which cost a
worker as much CPU as a search's own query. A connection the server ended (a restart, a
pg_terminate_backend()) has something to read: the server's last message, then the end of the
stream. So an idle connection with nothing to read is taken as usable, and `SELECT 1` is sent
only when there is something to read. A link cut without a word (a network partition) is found
by the first query, as it would have been by `SELECT 1`; that query's error marks the connection
broken and Django replaces it at the end of the request.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed:
            return False
        if connection.info.transaction_status == pq.TransactionStatus.IDLE:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
            if not readable:
                return True
        return super().is_usable()
