#!/usr/bin/env bash
# Moves the pipeline's VM to another tag of the project and restarts it:
#   sudo ecommerce-pipeline-update v1.4.0
# The data volumes and .env are kept; images are rebuilt or pulled as the new compose file says.
set -euo pipefail

settings=/etc/ecommerce-pipeline/deploy.env
# shellcheck source=/dev/null
. "$settings"
: "${DEPLOY_USER:?}" "${PROJECT_DIR:?}"

tag=${1:-}
if [ -z "$tag" ] || [ "${tag#-}" != "$tag" ]; then
  echo "usage: ecommerce-pipeline-update <tag>   (a tag of the project, e.g. v1.4.0)" >&2
  exit 2
fi

cd "$PROJECT_DIR"
runuser -u "$DEPLOY_USER" -- git fetch --quiet --depth 1 origin "refs/tags/$tag:refs/tags/$tag" || {
  echo "ecommerce-pipeline-update: tag $tag was not found at $(git remote get-url origin)." >&2
  exit 1
}
runuser -u "$DEPLOY_USER" -- git -c advice.detachedHead=false checkout --quiet "tags/$tag"
sed -i "s|^REPO_TAG=.*|REPO_TAG=$tag|" "$settings"
systemctl restart ecommerce-pipeline.service
echo "ecommerce-pipeline-update: now at $tag; follow it with journalctl -u ecommerce-pipeline -f"
