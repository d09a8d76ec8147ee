#!/usr/bin/env bash
# First boot of the pipeline's VM (cloud-init runcmd; safe to run again by hand as root):
# opens HTTPS in the host firewall when a domain was given, lets the deploy user run Docker, checks
# out the project at its tag, writes its .env (settings from provisioning, secrets generated here),
# then enables the Compose unit. Reads /etc/ecommerce-pipeline/deploy.env (rendered by
# npm run vm:user-data; no secret in it).
set -euo pipefail

SETTINGS=${SETTINGS:-/etc/ecommerce-pipeline/deploy.env}
PIPELINE_ENV=${PIPELINE_ENV:-/etc/ecommerce-pipeline/pipeline.env}
IPTABLES_RULES=${IPTABLES_RULES:-/etc/iptables/rules.v4}
HTTPS_RULE="-A INPUT -p tcp -m state --state NEW -m tcp --dport 443 -j ACCEPT"

log() { echo "ecommerce-pipeline-setup: $*"; }

load_settings() {
  [ -r "$SETTINGS" ] || { echo "setup: $SETTINGS is missing: the user-data did not run completely." >&2; exit 1; }
  # shellcheck source=/dev/null
  . "$SETTINGS"
  : "${DEPLOY_USER:?}" "${PROJECT_DIR:?}" "${REPO_URL:?}" "${REPO_TAG:?}" "${OPEN_HTTPS:?}" "${SECRET_NAMES?}"
}

# OCI's Ubuntu images accept SSH and REJECT every other new connection (/etc/iptables/rules.v4).
# Port 443 is allowed just before that REJECT, live and in the saved rules; the file is edited
# rather than saved from the live tables, which would also save Docker's own chains.
open_https_live() {
  local rule
  read -r -a rule <<<"${HTTPS_RULE#-A INPUT }"
  if ! iptables -C INPUT "${rule[@]}" 2>/dev/null; then
    local position
    position=$(iptables -L INPUT --line-numbers -n | awk '$2 == "REJECT" { print $1; exit }')
    if [ -n "$position" ]; then iptables -I INPUT "$position" "${rule[@]}"; else iptables -A INPUT "${rule[@]}"; fi
    log "port 443 accepted by the host firewall"
  fi
}

open_https_saved() {
  [ -f "$IPTABLES_RULES" ] || return 0
  grep -qxF -- "$HTTPS_RULE" "$IPTABLES_RULES" && return 0
  if grep -q '^-A INPUT -j REJECT' "$IPTABLES_RULES"; then
    sed -i "0,/^-A INPUT -j REJECT/s//$HTTPS_RULE\n&/" "$IPTABLES_RULES"
  else
    echo "$HTTPS_RULE" >>"$IPTABLES_RULES"
  fi
}

# Compose v2.24 or newer: the compose file uses `required: false` dependencies.
check_compose() {
  local version
  version=$(docker compose version --short 2>/dev/null || true)
  version=${version#v}
  if [ -z "$version" ]; then
    echo "setup: docker compose is missing: install the docker-compose-v2 package and run $0 again." >&2
    exit 1
  fi
  if [ "$(printf '%s\n2.24.0\n' "$version" | sort -V | head -n1)" != "2.24.0" ]; then
    echo "setup: docker compose $version is older than 2.24: install a newer docker-compose-v2 (or Docker's docker-compose-plugin) and run $0 again." >&2
    exit 1
  fi
}

# A secret every consumer accepts: 32 letters and digits, plus Aa1 for SQL Server's policy.
new_secret() {
  local secret
  secret=$(head -c 48 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9')
  printf '%sAa1' "${secret:0:32}"
}

# .env = the settings given at provisioning + each secret the profiles need, generated here once
# (kept on later runs: the data volumes remember the passwords they were created with).
write_env() {
  local env_file=$PROJECT_DIR/.env
  local previous=""
  [ -f "$env_file" ] && previous=$(cat "$env_file")
  umask 077
  {
    echo "# Written by ecommerce-pipeline-setup from the VM's provisioning settings; secrets generated on this VM."
    cat "$PIPELINE_ENV"
    # Jupyter runs as the owner of notebooks/ (the deploy user).
    echo "JUPYTER_USER=$(id -u "$DEPLOY_USER"):$(id -g "$DEPLOY_USER")"
    for name in $SECRET_NAMES; do
      local existing
      existing=$(printf '%s\n' "$previous" | sed -n "s/^$name=//p" | tail -n1)
      echo "$name=${existing:-$(new_secret)}"
    done
  } >"$env_file.new"
  mv "$env_file.new" "$env_file"
  chmod 600 "$env_file"
  chown "$DEPLOY_USER:$DEPLOY_USER" "$env_file"
  log "wrote $env_file (secrets: $SECRET_NAMES)"
}

checkout() {
  if [ ! -d "$PROJECT_DIR/.git" ]; then
    git clone --quiet --branch "$REPO_TAG" --depth 1 "$REPO_URL" "$PROJECT_DIR"
    log "checked out $REPO_URL at $REPO_TAG into $PROJECT_DIR"
  fi
  chown -R "$DEPLOY_USER:$DEPLOY_USER" "$PROJECT_DIR"
}

main() {
  load_settings
  if [ "$OPEN_HTTPS" = "1" ]; then
    open_https_live
    open_https_saved
  fi
  systemctl enable --now docker.service
  usermod -aG docker "$DEPLOY_USER"
  check_compose
  checkout
  write_env
  systemctl daemon-reload
  systemctl enable --now ecommerce-pipeline.service
  log "done: the pipeline starts under systemd (journalctl -u ecommerce-pipeline -f)"
}

# Sourced (by the tests) it only defines the functions.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
