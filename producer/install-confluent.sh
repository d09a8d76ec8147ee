#!/usr/bin/env bash
# Installs @confluentinc/kafka-javascript (librdkafka), the default producer client
# (PRODUCER_CLIENT=confluent), at the version in stack/versions.json. It is an optional dependency:
# `npm ci` skips it when it cannot be built, and this script builds it then.
#   npm run producer:install-confluent
# Where its prebuilt binary cannot be downloaded (no internet), npm builds librdkafka from the
# package's sources, linked against the system's zlib, OpenSSL, zstd, lz4, SASL and curl (Debian:
# the -dev packages below) and against the Node headers of the running Node.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's/^ *"confluentKafkaJavascript": *"\([0-9.]*\)".*/\1/p' "$root/stack/versions.json")"
if [ -z "$version" ]; then
  echo "install-confluent: cannot read confluentKafkaJavascript from stack/versions.json" >&2
  exit 1
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=()
  for pkg in build-essential python3 pkg-config zlib1g-dev libssl-dev libzstd-dev liblz4-dev libsasl2-dev libcurl4-openssl-dev; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "install-confluent: installing ${missing[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
  fi
fi
node_dir="$(dirname "$(dirname "$(command -v node)")")"
if [ -f "$node_dir/include/node/node.h" ]; then export npm_config_nodedir="$node_dir"; fi
# Dynamic linking against the system's libraries: the static build downloads their sources.
export CKJS_LINKING=dynamic
cd "$root"
npm install --no-save --no-audit --no-fund "@confluentinc/kafka-javascript@$version" >&2
node -e "console.log('install-confluent: librdkafka ' + require('@confluentinc/kafka-javascript').librdkafkaVersion + ' ready')"
