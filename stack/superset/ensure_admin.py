"""Creates the stack's Superset admin, or sets its password (run by stack/services/superset-service.ts).

The name and password come from the environment (SUPERSET_ADMIN_USER, SUPERSET_ADMIN_PASSWORD), never
from an argument list, so no process listing shows the password.
"""

import os
import sys

from superset.app import create_app

app = create_app()
with app.app_context():
    from superset import security_manager

    username = os.environ["SUPERSET_ADMIN_USER"]
    password = os.environ["SUPERSET_ADMIN_PASSWORD"]
    user = security_manager.find_user(username=username)
    if user is None:
        role = security_manager.find_role("Admin")
        if role is None:
            sys.exit("Superset has no Admin role: `superset init` did not run.")
        created = security_manager.add_user(username, "Pipeline", "Admin", f"{username}@localhost", role, password=password)
        if not created:
            sys.exit(f"Superset could not create the user {username}.")
        print(f"created the admin {username}")
    else:
        security_manager.reset_password(user.id, password)
        print(f"the admin {username} exists; password set from the stack's secrets")
