"""The project's PostgreSQL backend (pole_artois/core/postgresql), starting the cluster of
pole_artois.localdb on first connection.

Starting it lazily, not when the settings are read, keeps the commands that never query (such as
compilemessages) from creating a database.
"""

from pole_artois.core.postgresql import base
from pole_artois.localdb import Cluster


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        Cluster(self.settings_dict["HOST"]).ensure_running()
        return super().get_new_connection(conn_params)
