"""`python -m pole_artois.localdb start|stop|status`: the checkout's database, for the Makefile."""

import sys

from pole_artois.localdb import CHECKOUT_FOLDER, Cluster

if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "status"
    cluster = Cluster()
    if action == "start":
        cluster.ensure_running()
        print(f"Local PostgreSQL running in {CHECKOUT_FOLDER}")
    elif action == "stop":
        cluster.stop()
        print(f"Local PostgreSQL in {CHECKOUT_FOLDER} stopped")
    elif action == "status":
        state = "running" if cluster.answers() else "stopped"
        print(f"Local PostgreSQL in {CHECKOUT_FOLDER}: {state}")
    else:
        sys.exit("usage: python -m pole_artois.localdb start|stop|status")
